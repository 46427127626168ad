import type { Agent } from '../model/agent.js';
import type { Call } from '../model/call.js';
import type { ManualPresence } from '../machines/agent-presence.js';
import { isManualPresence, MANUAL_PRESENCES } from '../machines/agent-presence.js';
import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { moveAgent } from './transitions.js';

export const AFTER_CALL_REASON = 'after-call-work';
const ON_A_CALL = new Set(['ringing', 'on-call', 'dialing', 'on-hold', 'consulting']);

export function agentOrFail(ctx: Ctx, agentId: string): Agent {
  const agent = ctx.s.agents.get(agentId);
  if (!agent) throw new DomainError('CC_ERR_AGENT_NOT_FOUND', { agentId });
  return agent;
}

/**
 * After a call (AGT-06, CTI-09): wrap-up for the queue's time, then the after-call status.
 * An agent who dialled out while off duty stays off duty (AGT-05).
 */
export function afterCall(ctx: Ctx, agent: Agent, call: Call): void {
  agent.callId = null;
  agent.lastCallId = call.id;
  if (!ON_A_CALL.has(agent.presence)) return;
  const queue = call.queueId === null ? undefined : ctx.s.queues.get(call.queueId);
  const center = ctx.s.centers.get(agent.centerId);
  const wrapUpSec = queue?.wrapUpSec ?? center?.wrapUpSec ?? 0;
  agent.afterCallStatus = queue?.afterCallStatus ?? center?.afterCallStatus ?? 'available';
  if (wrapUpSec > 0) {
    agent.wrapUpSeq += 1;
    const endsAt = ctx.now + wrapUpSec * 1000;
    moveAgent(ctx, agent, 'wrap-up', null);
    ctx.command({
      type: 'timer.set',
      timer: { kind: 'wrap-up-end', agentId: agent.id, seq: agent.wrapUpSeq },
      at: endsAt,
    });
    ctx.emit({ type: 'agent.wrap-up-started', agentId: agent.id, callId: call.id, endsAt });
    return;
  }
  enterAfterCallStatus(ctx, agent);
}

function enterAfterCallStatus(ctx: Ctx, agent: Agent): void {
  if (agent.afterCallStatus === 'busy') moveAgent(ctx, agent, 'busy', AFTER_CALL_REASON);
  else moveAgent(ctx, agent, 'available', null);
}

export function endWrapUp(
  ctx: Ctx,
  agent: Agent,
  early: boolean,
  next: ManualPresence | null,
  reason: string | null,
): void {
  ctx.command({
    type: 'timer.cancel',
    timer: { kind: 'wrap-up-end', agentId: agent.id, seq: agent.wrapUpSeq },
  });
  ctx.emit({ type: 'agent.wrap-up-ended', agentId: agent.id, early });
  if (next === null) enterAfterCallStatus(ctx, agent);
  else moveAgent(ctx, agent, next, reason);
}

export function onWrapUpTimer(ctx: Ctx, agentId: string, seq: number): void {
  const agent = ctx.s.agents.get(agentId);
  if (!agent || agent.presence !== 'wrap-up' || agent.wrapUpSeq !== seq) return;
  endWrapUp(ctx, agent, false, null, null);
}

/** "End wrap-up" button (AGT-06): goes to the after-call status now. */
export function onEndWrapUp(ctx: Ctx, agentId: string): void {
  const agent = agentOrFail(ctx, agentId);
  if (agent.presence !== 'wrap-up') throw new DomainError('CC_ERR_NOT_IN_WRAP_UP', { agentId });
  endWrapUp(ctx, agent, true, null, null);
}

/** An agent chooses a status (AGT-01). Any status change ends wrap-up early (AGT-06). */
export function onSetStatus(
  ctx: Ctx,
  agentId: string,
  status: ManualPresence,
  reason: string | null,
): void {
  const agent = agentOrFail(ctx, agentId);
  if (!(MANUAL_PRESENCES as readonly string[]).includes(status)) {
    throw new DomainError('CC_ERR_VALIDATION', { field: 'status', value: status });
  }
  if (reason !== null && (typeof reason !== 'string' || reason.length > 200)) {
    throw new DomainError('CC_ERR_VALIDATION', { field: 'reason' });
  }
  if (ON_A_CALL.has(agent.presence) || agent.callId !== null) {
    throw new DomainError('CC_ERR_AGENT_BUSY', { agentId, presence: agent.presence });
  }
  if (agent.presence === 'wrap-up') {
    endWrapUp(ctx, agent, true, status, reason);
    return;
  }
  if (agent.presence === status) {
    if (agent.reason === reason) return;
    agent.reason = reason;
    ctx.emit({ type: 'agent.status-changed', agentId, from: status, to: status, reason });
    return;
  }
  if (!isManualPresence(agent.presence)) throw new DomainError('CC_ERR_AGENT_BUSY', { agentId });
  moveAgent(ctx, agent, status, reason);
}
