import { defineMachine } from './state-machine.js';

/**
 * One media connection to one party (DESIGN.md "Leg"), shaped after a SIP dialog:
 *
 *   inbound:  offered → early (183 early media) → answered
 *   outbound: originating → ringing (180) → early → answered
 *   answered ⇄ held (re-INVITE sendonly / inactive);  everything → ended
 */
export type LegState =
  'offered' | 'originating' | 'ringing' | 'early' | 'answered' | 'held' | 'ended';

export const legMachine = defineMachine<LegState>('leg', {
  offered: ['early', 'answered', 'ended'],
  originating: ['ringing', 'early', 'answered', 'ended'],
  ringing: ['early', 'answered', 'ended'],
  early: ['answered', 'ended'],
  answered: ['held', 'ended'],
  held: ['answered', 'ended'],
  ended: [],
});
