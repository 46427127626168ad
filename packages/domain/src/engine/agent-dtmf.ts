import { DomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { agentOrFail } from './agents.js';
import { legOf } from './calls.js';

/** Keys a person can press on a phone keypad, A-D included (RFC 4733 events 0-15). */
export const DTMF_DIGITS = /^[0-9*#A-D]{1,32}$/;

/**
 * OUT-01: the agent presses keys for the customer's side, e.g. an IVR the agent dialled out
 * to. The keys go to the customer's leg as telephone-events, and `call.dtmf-sent` keeps them
 * in the call's history.
 */
export function onSendDtmf(ctx: Ctx, agentId: string, callId: string, digits: string): void {
  if (!DTMF_DIGITS.test(digits))
    throw new DomainError('CC_ERR_VALIDATION', { field: 'digits', digits });
  const agent = agentOrFail(ctx, agentId);
  const call = ctx.s.calls.get(callId);
  if (!call) throw new DomainError('CC_ERR_CALL_NOT_FOUND', { callId });
  if (agent.callId !== callId || call.agentId !== agentId)
    throw new DomainError('CC_ERR_AGENT_NOT_ON_CALL', { agentId, callId });
  const leg = legOf(ctx, call.customerLegId);
  if (!leg || leg.state !== 'answered')
    throw new DomainError('CC_ERR_CALL_NOT_CONNECTED', { callId });
  ctx.command({ type: 'leg.send-dtmf', legId: leg.id, digits });
  ctx.emit({ type: 'call.dtmf-sent', callId, agentId, digits });
}
