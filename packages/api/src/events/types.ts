import type { DomainEventType } from '@tsunagu/domain';

/**
 * Every domain event type, for validating stream and webhook filters. A `Record` over the
 * union, so adding an event to the domain without listing it here fails to compile.
 */
const TYPES: Record<DomainEventType, true> = {
  'config.center-changed': true,
  'config.queue-changed': true,
  'config.agent-changed': true,
  'call.created': true,
  'call.state-changed': true,
  'call.ended': true,
  'call.connected': true,
  'call.held': true,
  'call.resumed': true,
  'call.recording-started': true,
  'call.recording-paused': true,
  'call.recording-resumed': true,
  'call.recorded': true,
  'call.disposition-set': true,
  'call.dtmf-sent': true,
  'call.transfer-started': true,
  'call.transfer-failed': true,
  'call.transferred': true,
  'call.consult-started': true,
  'call.consult-answered': true,
  'call.consult-refused': true,
  'call.consult-ended': true,
  'call.conference-started': true,
  'leg.state-changed': true,
  'queue.joined': true,
  'queue.entered-hold': true,
  'queue.left': true,
  'queue.announced': true,
  'queue.assigned': true,
  'offer.created': true,
  'offer.accepted': true,
  'offer.missed': true,
  'offer.withdrawn': true,
  'agent.status-changed': true,
  'agent.off-duty-prompt': true,
  'agent.wrap-up-started': true,
  'agent.wrap-up-ended': true,
  'callback.requested': true,
  'callback.agent-reserved': true,
  'callback.rescheduled': true,
  'callback.restored': true,
  'callback.refused': true,
  'callback.state-changed': true,
  'callback.attempt': true,
  'callback.completed': true,
  'voicemail.started': true,
  'voicemail.recorded': true,
  'engine.input-ignored': true,
};

export const EVENT_TYPES: readonly DomainEventType[] = Object.keys(TYPES) as DomainEventType[];

/** Families: the part before the dot ('call' of 'call.ended'), usable as 'call.*'. */
export const EVENT_FAMILIES: readonly string[] = [...new Set(EVENT_TYPES.map((t) => familyOf(t)))];

export function familyOf(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

/** Which event types a client asked for: exact types and whole families. */
export interface TypeFilter {
  readonly exact: readonly string[];
  readonly families: readonly string[];
}

/** A known event type ('call.ended') or family pattern ('call.*'). */
export function isTypePattern(pattern: string): boolean {
  if (pattern.endsWith('.*')) return EVENT_FAMILIES.includes(pattern.slice(0, -2));
  return (EVENT_TYPES as readonly string[]).includes(pattern);
}

/** Splits validated patterns into exact types and families; empty or absent means all. */
export function typeFilterOf(patterns: readonly string[] | null | undefined): TypeFilter | null {
  if (!patterns || patterns.length === 0) return null;
  return {
    exact: patterns.filter((p) => !p.endsWith('.*')),
    families: patterns.filter((p) => p.endsWith('.*')).map((p) => p.slice(0, -2)),
  };
}

export function typeMatches(filter: TypeFilter | null, type: string): boolean {
  return !filter || filter.exact.includes(type) || filter.families.includes(familyOf(type));
}
