import { defineMachine } from './state-machine.js';

/**
 * A hold-queue callback request (SPEC QCB-02..15, BEY-02). It keeps its queue entry, and so
 * its place, from `pending` until `completed`; `completed` always carries one of the four
 * outcomes of QCB-14.
 *
 *   scheduled (customer chose a later time) → pending (due)
 *   pending → dialing-customer (customer-first, QCB-05) | offering-agent (agent-first, QCB-06)
 *   offering-agent → dialing-customer (agent answered) | pending (agent missed: place kept)
 *   dialing-customer → awaiting-confirmation ("press 1 / 2") | retry-wait (QCB-08) | completed
 *   awaiting-confirmation → waiting-agent (pressed 1) | completed (pressed 2, hung up)
 *   waiting-agent → completed (connected, or hung up before an agent answered)
 *   retry-wait → pending;  pending | scheduled | retry-wait → completed (expired, cancelled)
 *   pending → scheduled (a supervisor re-timed it)
 */
export type CallbackState =
  | 'scheduled'
  | 'pending'
  | 'offering-agent'
  | 'dialing-customer'
  | 'awaiting-confirmation'
  | 'waiting-agent'
  | 'retry-wait'
  | 'completed';

export const callbackMachine = defineMachine<CallbackState>('callback', {
  scheduled: ['pending', 'completed'],
  pending: ['dialing-customer', 'offering-agent', 'scheduled', 'completed'],
  'offering-agent': ['dialing-customer', 'pending', 'completed'],
  'dialing-customer': ['awaiting-confirmation', 'retry-wait', 'completed'],
  'awaiting-confirmation': ['waiting-agent', 'completed'],
  'waiting-agent': ['completed'],
  'retry-wait': ['pending', 'completed'],
  completed: [],
});

/** The four outcomes of SPEC QCB-14. */
export type CallbackOutcome =
  'connected' | 'no-answer-or-declined' | 'accepted-not-connected' | 'no-callback';

export const CALLBACK_OUTCOMES: readonly CallbackOutcome[] = [
  'connected',
  'no-answer-or-declined',
  'accepted-not-connected',
  'no-callback',
];

/** States in which the customer is being dialled or is on the line for this callback. */
export const CALLBACK_IN_FLIGHT: readonly CallbackState[] = [
  'dialing-customer',
  'awaiting-confirmation',
];
