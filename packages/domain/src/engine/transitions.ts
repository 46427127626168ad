import { agentPresenceMachine, type AgentPresence } from '../machines/agent-presence.js';
import { callMachine, type CallState } from '../machines/call-machine.js';
import { legMachine, type LegState } from '../machines/leg-machine.js';
import { callbackMachine, type CallbackState } from '../machines/callback-machine.js';
import type { Agent } from '../model/agent.js';
import type { Call, Leg } from '../model/call.js';
import type { CallbackRequest } from '../model/callback.js';
import type { Ctx } from './context.js';

/** The only places lifecycle fields change: each goes through its machine and emits. */
export function moveCall(ctx: Ctx, call: Call, to: CallState): void {
  const from = call.state;
  call.state = callMachine.transition(from, to);
  ctx.emit({ type: 'call.state-changed', callId: call.id, from, to });
}

export function moveLeg(ctx: Ctx, leg: Leg, to: LegState): void {
  const from = leg.state;
  leg.state = legMachine.transition(from, to);
  if (to === 'answered' && leg.answeredAt === null) leg.answeredAt = ctx.now;
  ctx.emit({
    type: 'leg.state-changed',
    legId: leg.id,
    callId: leg.callId,
    role: leg.role,
    from,
    to,
  });
}

const UNSTAFFED: ReadonlySet<AgentPresence> = new Set(['logged-out', 'off-duty', 'break', 'busy']);

export function isStaffed(presence: AgentPresence): boolean {
  return !UNSTAFFED.has(presence);
}

export function moveAgent(ctx: Ctx, agent: Agent, to: AgentPresence, reason: string | null): void {
  const from = agent.presence;
  agent.presence = agentPresenceMachine.transition(from, to);
  agent.reason = reason;
  agent.since = ctx.now;
  if (to === 'available') {
    agent.idleSince = ctx.now;
    ctx.s.available.add(agent.id);
    ctx.needsDispatch = true;
  } else if (from === 'available') {
    ctx.s.available.delete(agent.id);
    if (agent.reservedFor !== null) {
      // The free agent a customer-first callback was counted against went away: the callback
      // takes the next free agent before any other work is released (never more in flight).
      const cb = ctx.s.callbacks.get(agent.reservedFor);
      if (cb) {
        cb.reservedAgentId = null;
        ctx.s.unbacked.add(cb.id);
      }
      agent.reservedFor = null;
    }
  }
  const delta = Number(isStaffed(to)) - Number(isStaffed(from));
  if (delta !== 0) {
    for (const queueId of ctx.s.agentQueues.get(agent.id) ?? []) {
      ctx.s.staffed.set(queueId, (ctx.s.staffed.get(queueId) ?? 0) + delta);
    }
  }
  ctx.emit({ type: 'agent.status-changed', agentId: agent.id, from, to, reason });
}

export function moveCallback(ctx: Ctx, cb: CallbackRequest, to: CallbackState): void {
  const from = cb.state;
  cb.state = callbackMachine.transition(from, to);
  if ((to === 'retry-wait') !== (from === 'retry-wait') && cb.entryId !== null) {
    let resting = ctx.s.retryWaiting.get(cb.queueId);
    if (!resting) ctx.s.retryWaiting.set(cb.queueId, (resting = new Set()));
    if (to === 'retry-wait') resting.add(cb.entryId);
    else resting.delete(cb.entryId);
  }
  ctx.emit({ type: 'callback.state-changed', callbackId: cb.id, from, to });
}
