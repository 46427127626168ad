import { findRecording, findVoicemail, type RecordingRow, type VoicemailRow } from '@tsunagu/db';
import type { EngineState } from '@tsunagu/domain';
import type { FastifyRequest } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { canSeeCenter, canUseCallerId, type Principal } from '../principal.js';

/*
 * Who sees what (SPEC SUP-02, AGT-09). Admins and the center's supervisors: everything of the
 * center on the caller IDs they may see. Agents work the center's shared inbox as in seed 001,
 * narrowed to what concerns them: voicemail left in the queues they are members of (they may
 * mark it heard, not delete it), and the recordings of their own calls. Refusals of a message
 * that exists in a center the caller may not see answer 403, as every other route does.
 */

/** The queues of `centerId` the agent answers for; empty for a user who is no agent. */
export function agentQueues(s: EngineState, p: Principal, centerId: string): string[] {
  if (p.agentId === null) return [];
  return [...s.queues.values()]
    .filter((q) => q.centerId === centerId && q.members.includes(p.agentId!))
    .map((q) => q.id);
}

function mayHearVoicemail(s: EngineState, p: Principal, vm: VoicemailRow): boolean {
  if (!canSeeCenter(p, vm.centerId) || !canUseCallerId(p, vm.ourNumber)) return false;
  return (
    p.role !== 'agent' ||
    (vm.queueId !== null && agentQueues(s, p, vm.centerId).includes(vm.queueId))
  );
}

function mayHearRecording(p: Principal, r: RecordingRow): boolean {
  if (!canSeeCenter(p, r.centerId) || !canUseCallerId(p, r.ourNumber)) return false;
  return p.role !== 'agent' || (p.agentId !== null && r.agentId === p.agentId);
}

export async function voicemailFor(deps: ApiDeps, request: FastifyRequest): Promise<VoicemailRow> {
  const { id } = request.params as { id: string };
  const vm = await findVoicemail(deps.db, id);
  if (!vm) throw new ApiError('CC_ERR_VOICEMAIL_NOT_FOUND', { voicemailId: id });
  if (!mayHearVoicemail(deps.engine.state, requirePrincipal(request), vm))
    throw new ApiError('CC_ERR_FORBIDDEN', { voicemailId: vm.id });
  return vm;
}

export async function recordingFor(deps: ApiDeps, request: FastifyRequest): Promise<RecordingRow> {
  const { id } = request.params as { id: string };
  const r = await findRecording(deps.db, id);
  if (!r) throw new ApiError('CC_ERR_RECORDING_NOT_FOUND', { recordingId: id });
  if (!mayHearRecording(requirePrincipal(request), r))
    throw new ApiError('CC_ERR_FORBIDDEN', { recordingId: r.id });
  return r;
}
