import type { EngineState } from '@tsunagu/domain';
import { ApiError } from '../errors.js';
import type { UserRecord } from './user-store.js';

/**
 * The rules of a user record that need the engine's configuration (SUP-02): a system admin
 * sees every center (centers null); a supervisor or agent is granted one or more existing
 * centers; caller IDs, when restricted, are numbers of the granted centers; a linked agent
 * exists and works in one of those centers. Shape rules (login format, password length) are
 * in the route schemas. Throws the catalogue error, so nothing is written.
 */
export function checkUserRecord(state: EngineState, user: UserRecord): UserRecord {
  const centers = user.centers === null ? null : unique(user.centers);
  if (user.role === 'admin' && centers !== null) {
    throw new ApiError('CC_ERR_VALIDATION', {
      field: 'centers',
      reason: 'a system admin sees every center: send centers null / システム管理者は全センター',
    });
  }
  if (user.role !== 'admin' && (centers === null || centers.length === 0)) {
    throw new ApiError('CC_ERR_VALIDATION', {
      field: 'centers',
      reason: 'grant at least one center / センターを1つ以上指定してください',
    });
  }
  const missingCenters = (centers ?? []).filter((c) => !state.centers.has(c));
  if (missingCenters.length > 0) {
    throw new ApiError('CC_ERR_REFERENCE_INVALID', { field: 'centers', missing: missingCenters });
  }

  const callerIds = user.callerIds === null ? null : unique(user.callerIds);
  if (callerIds !== null) {
    const allowed = new Set<string>();
    for (const center of state.centers.values()) {
      if (centers === null || centers.includes(center.id)) {
        for (const c of center.callerIds) allowed.add(c.number);
      }
    }
    const missing = callerIds.filter((n) => !allowed.has(n));
    if (missing.length > 0) {
      throw new ApiError('CC_ERR_REFERENCE_INVALID', { field: 'callerIds', missing });
    }
  }

  if (user.agentId !== null) {
    const agent = state.agents.get(user.agentId);
    if (!agent) {
      throw new ApiError('CC_ERR_REFERENCE_INVALID', { field: 'agentId', missing: [user.agentId] });
    }
    if (centers !== null && !centers.includes(agent.centerId)) {
      throw new ApiError('CC_ERR_REFERENCE_INVALID', {
        field: 'agentId',
        reason:
          'the agent works in a center the user is not granted / エージェントのセンターが権限外です',
      });
    }
  }
  return { ...user, centers, callerIds };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
