import type { Digit } from '../model/queue.js';
import type { Playable } from '../model/prompts.js';
import type { LegEndReason } from '../model/call.js';
import type { OfferOrigin } from '../model/offer.js';
import type { TimerRef } from './timers.js';

/**
 * Commands from the engine. Telephony commands address one leg and are what both adapters
 * (virtual and SIP) carry out: this is the telephony port's inbound half (DESIGN.md).
 */
export type OriginateTarget =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'number'; readonly number: string };

/** What the agent's phone or desktop shows for an offer (QCB-12: always says "callback"). */
export interface OfferDisplay {
  readonly origin: OfferOrigin;
  readonly customerNumber: string;
  readonly queueName: string | null;
}

export type TelephonyCommand =
  | { readonly type: 'leg.answer'; readonly legId: string; readonly earlyMedia: boolean }
  | {
      readonly type: 'leg.play';
      readonly legId: string;
      readonly playId: string;
      readonly items: readonly Playable[];
      readonly language: 'ja' | 'en';
      /** The call's center: its uploaded announcements (QCB-16) replace the built-in ones. */
      readonly centerId: string;
      /** What follows the items: hold music (looped) or silence. */
      readonly then: 'music' | 'silence';
    }
  | { readonly type: 'leg.stop-play'; readonly legId: string }
  | {
      readonly type: 'leg.collect';
      readonly legId: string;
      readonly collectId: string;
      readonly maxDigits: number;
      readonly terminator: Digit | null;
      readonly timeoutMs: number;
      /**
       * Type-ahead: keys pressed after the one with this `seq` (the last the engine saw) and
       * before the collect started count toward it. Absent: only keys pressed from now on.
       */
      readonly afterDigit?: number;
    }
  | {
      readonly type: 'leg.originate';
      readonly legId: string;
      readonly callId: string;
      readonly target: OriginateTarget;
      readonly callerId: string;
      readonly ringTimeoutMs: number;
      readonly display: OfferDisplay | null;
    }
  | { readonly type: 'leg.bridge'; readonly legA: string; readonly legB: string }
  | { readonly type: 'leg.unbridge'; readonly legA: string; readonly legB: string }
  | { readonly type: 'leg.hold'; readonly legId: string }
  | { readonly type: 'leg.resume'; readonly legId: string }
  | {
      readonly type: 'leg.redirect';
      readonly legId: string;
      readonly to: string;
      readonly callerId: string | null;
    }
  | {
      readonly type: 'leg.record';
      readonly legId: string;
      readonly recordingId: string;
      readonly action: 'start' | 'stop' | 'pause' | 'resume';
    }
  | {
      /** RFC 4733 telephone-events (or SIP INFO) towards the party, e.g. to an IVR (OUT-01). */
      readonly type: 'leg.send-dtmf';
      readonly legId: string;
      readonly digits: string;
    }
  | {
      /** Blind transfer of the party elsewhere: SIP REFER (RFC 3515) or an INVITE we bridge. */
      readonly type: 'leg.transfer';
      readonly legId: string;
      readonly target: OriginateTarget;
      readonly callerId: string | null;
    }
  | {
      /** Mix these legs together (three-party conference, consultation, whisper). */
      readonly type: 'leg.conference';
      readonly conferenceId: string;
      readonly legIds: readonly string[];
    }
  | { readonly type: 'leg.hangup'; readonly legId: string; readonly reason: LegEndReason };

export type TimerCommand =
  | { readonly type: 'timer.set'; readonly timer: TimerRef; readonly at: number }
  | { readonly type: 'timer.cancel'; readonly timer: TimerRef };

export type EngineCommand = TelephonyCommand | TimerCommand;

export function isTelephonyCommand(c: EngineCommand): c is TelephonyCommand {
  return c.type.startsWith('leg.');
}
