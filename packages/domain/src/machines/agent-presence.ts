import { defineMachine } from './state-machine.js';

/**
 * Agent presence (SPEC AGT-01). The first five are chosen by the agent; the rest are set by
 * the engine as calls come and go.
 *
 *   logged-out ⇄ available ⇄ busy ⇄ break ⇄ off-duty   (any manual state to any other)
 *   available → ringing → on-call ⇄ on-hold, on-call | on-hold ⇄ consulting (transfer, CTI-06)
 *   ringing → off-duty (missed offer, AGT-03) | available (withdrawn, or the keep-ready variant)
 *   available → dialing → on-call;  ringing → dialing (agent-first callback answered)
 *   on-call | on-hold | consulting | dialing → wrap-up | available | busy (after the call)
 *   wrap-up → any manual state (ends wrap-up early, AGT-06)
 */
export type AgentPresence =
  | 'logged-out'
  | 'available'
  | 'busy'
  | 'break'
  | 'off-duty'
  | 'wrap-up'
  | 'ringing'
  | 'on-call'
  | 'dialing'
  | 'on-hold'
  | 'consulting';

export const MANUAL_PRESENCES = ['logged-out', 'available', 'busy', 'break', 'off-duty'] as const;
export type ManualPresence = (typeof MANUAL_PRESENCES)[number];

const others = (self: ManualPresence): ManualPresence[] =>
  MANUAL_PRESENCES.filter((p) => p !== self);
const afterCall = ['wrap-up', 'available', 'busy'] as const;

export const agentPresenceMachine = defineMachine<AgentPresence>('agent-presence', {
  'logged-out': others('logged-out'),
  available: [...others('available'), 'ringing', 'dialing'],
  busy: others('busy'),
  break: others('break'),
  'off-duty': others('off-duty'),
  'wrap-up': [...MANUAL_PRESENCES],
  ringing: ['on-call', 'off-duty', 'available', 'dialing'],
  'on-call': ['on-hold', 'consulting', ...afterCall],
  'on-hold': ['on-call', 'consulting', ...afterCall],
  consulting: ['on-call', 'on-hold', ...afterCall],
  dialing: ['on-call', ...afterCall],
});

/** Every presence, in the table's order (metrics, API schemas). */
export const AGENT_PRESENCES = agentPresenceMachine.states as readonly [
  AgentPresence,
  ...AgentPresence[],
];

export function isManualPresence(p: AgentPresence): p is ManualPresence {
  return (MANUAL_PRESENCES as readonly string[]).includes(p);
}
