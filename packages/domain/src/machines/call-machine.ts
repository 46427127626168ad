import { defineMachine } from './state-machine.js';

/**
 * A call, seen from the customer's side.
 *
 *   arriving → routing (ringback while the first agent is offered, HQ-01)
 *            → queued  (hold queue: music, announcements, callback and voicemail keys)
 *            → voicemail | ended (fallback / after hours)
 *   queued ⇄ menu (callback confirmation), queued → voicemail
 *   routing | queued | menu → talking (an agent answered)
 *   dialing (outbound: callback or agent dial) → menu (customer-first confirmation) | talking
 *   routing → dialing (agent-first callback: agent answered, now the customer is dialled)
 *   talking ⇄ held;  everything → ended (terminal, always with a reason)
 */
export type CallState =
  | 'arriving'
  | 'routing'
  | 'queued'
  | 'menu'
  | 'voicemail'
  | 'dialing'
  | 'talking'
  | 'held'
  | 'ended';

export const callMachine = defineMachine<CallState>('call', {
  arriving: ['routing', 'queued', 'menu', 'voicemail', 'ended'],
  routing: ['queued', 'menu', 'talking', 'dialing', 'voicemail', 'ended'],
  queued: ['menu', 'voicemail', 'talking', 'ended'],
  menu: ['queued', 'talking', 'voicemail', 'ended'],
  voicemail: ['ended'],
  dialing: ['menu', 'talking', 'ended'],
  talking: ['held', 'ended'],
  held: ['talking', 'ended'],
  ended: [],
});
