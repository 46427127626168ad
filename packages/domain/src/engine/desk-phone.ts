import type { Agent } from '../model/agent.js';
import type { Call, Leg } from '../model/call.js';
import type { ConsultTarget } from '../model/consultation.js';
import type { TelephonyEvent } from '../io/inputs.js';
import { isDomainError } from '../errors.js';
import type { Ctx } from './context.js';
import { endLeg, legOf, newLeg } from './calls.js';
import { consultationOf, startConsultation } from './consultation.js';
import { agentLeaves, onConsultEnd } from './consult-actions.js';
import { connectConsultation } from './transfer.js';

type Offered = Extract<TelephonyEvent, { type: 'leg.offered' }>;
type TransferRequested = Extract<TelephonyEvent, { type: 'leg.transfer-requested' }>;

function ignore(ctx: Ctx, inputType: string, reason: string): void {
  ctx.emit({ type: 'engine.input-ignored', inputType, reason });
}

/** The user part of a desk phone's address of record: `sip:1001@pbx`, `<sip:1001@pbx>`, `1001`. */
export function phoneUserOf(aor: string): string {
  const bare = aor.trim().replace(/^<|>$/g, '');
  const noScheme = bare.replace(/^sips?:/i, '');
  const at = noScheme.indexOf('@');
  return at < 0 ? noScheme : noScheme.slice(0, at);
}

/** The agent whose SIP desk phone logs in as `username`. */
export function agentOfPhone(ctx: Ctx, username: string): Agent | undefined {
  for (const agent of ctx.s.agents.values()) {
    if (agent.device.kind === 'sip' && phoneUserOf(agent.device.aor) === username) return agent;
  }
  return undefined;
}

/** A number dialled on a desk phone: a colleague's phone (by its login) or an outside number. */
function targetOf(ctx: Ctx, dialled: string): ConsultTarget {
  const colleague = agentOfPhone(ctx, dialled);
  return colleague ? { kind: 'agent', agentId: colleague.id } : { kind: 'number', number: dialled };
}

/**
 * A call placed from an agent's own desk phone. While the agent has a customer (the phone put
 * them on hold and dialled, RFC 5589 §7), it is a consultation (CTI-06) carried by the phone's
 * second call: the target is rung, and answering it connects the phone to them. Returns false
 * when it is not such a call, so it is routed like any other incoming call.
 */
export function onDeskPhoneCall(ctx: Ctx, ev: Offered): boolean {
  if (ev.phone === undefined) return false;
  const agent = agentOfPhone(ctx, ev.phone);
  if (!agent || agent.callId === null || ctx.s.numberToQueue.has(ev.to)) return false;
  const call = ctx.s.calls.get(agent.callId);
  if (!call || call.agentId !== agent.id) return false;
  try {
    // Checks first (target ready, domestic number, one consultation per call): a refusal
    // changes nothing but the phone's call, which is turned away.
    const consult = startConsultation(
      ctx,
      agent.id,
      call.id,
      targetOf(ctx, ev.to),
      'consult',
      ev.legId,
    );
    newLeg(ctx, call, {
      id: consult.phoneLegId!,
      role: 'agent',
      direction: 'inbound',
      state: 'offered',
      agentId: agent.id,
    });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    ctx.command({ type: 'leg.hangup', legId: ev.legId, reason: 'rejected' });
    ignore(ctx, ev.type, `desk-phone-consultation-refused:${err.code}`);
  }
  return true;
}

/** Events of the phone's consultation call: hanging it up is "cancel" (CTI-06). */
export function onConsultPhoneLeg(ctx: Ctx, call: Call, leg: Leg, ev: TelephonyEvent): void {
  const consult = consultationOf(ctx, call);
  if (!consult || consult.phoneLegId !== leg.id) return;
  switch (ev.type) {
    case 'leg.ended':
    case 'leg.failed':
      endLeg(ctx, leg, ev.reason, false);
      consult.phoneLegId = null;
      if (call.agentId !== null) onConsultEnd(ctx, call.agentId, call.id, 'cancelled');
      return;
    case 'leg.transfer-requested':
      onAttendedTransfer(ctx, call, ev);
      return;
    default:
      return;
  }
}

/**
 * REFER with Replaces (RFC 3891, RFC 5589 §7) on either of the phone's two calls, naming the
 * other: join the customer with the consulted party. Answered, they are connected now; still
 * ringing, it goes on as a transfer without the agent. A Replaces naming any other call is
 * refused: a phone can only hand over its own calls.
 */
export function onAttendedTransfer(ctx: Ctx, call: Call, ev: TransferRequested): boolean {
  if (ev.replaces === null) return false;
  const consult = consultationOf(ctx, call);
  const phoneLeg = consult ? legOf(ctx, consult.phoneLegId) : undefined;
  const pair = phoneLeg ? [call.agentLegId, phoneLeg.id] : [];
  if (
    !consult ||
    !pair.includes(ev.legId) ||
    !pair.includes(ev.replaces) ||
    ev.legId === ev.replaces
  ) {
    ignore(ctx, ev.type, 'attended-transfer-unknown-dialog');
    return true;
  }
  if (consult.state !== 'ringing') {
    connectConsultation(ctx, call, 'phone');
    return true;
  }
  agentLeaves(ctx, call, consult, false);
  // The target still rings for the customer alone; the phone's call to it is done.
  if (phoneLeg && phoneLeg.state !== 'ended') endLeg(ctx, phoneLeg, 'hangup', true);
  consult.phoneLegId = null;
  return true;
}
