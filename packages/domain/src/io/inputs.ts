import type { CenterInput } from '../model/center.js';
import type { QueueInput, Digit } from '../model/queue.js';
import type { AgentSettingsInput } from '../model/agent.js';
import type { ManualPresence } from '../machines/agent-presence.js';
import type { LegEndReason } from '../model/call.js';
import type { TimerRef } from './timers.js';
import type { StoredCallback } from '../engine/restore.js';
import type { ConsultTarget, TransferTarget } from '../model/consultation.js';

/** Admin commands: configuration enters the engine like any other input. */
export type AdminInput =
  | { readonly type: 'center.upsert'; readonly center: CenterInput }
  | { readonly type: 'queue.upsert'; readonly queue: QueueInput }
  | { readonly type: 'agent.upsert'; readonly agent: AgentSettingsInput }
  | { readonly type: 'callback.cancel'; readonly callbackId: string }
  | {
      readonly type: 'callback.reschedule';
      readonly callbackId: string;
      /** Epoch ms; null puts a scheduled request in the line now. */
      readonly dueAt: number | null;
    }
  /** Recovery: an open request read back from the database after a restart. */
  | { readonly type: 'callback.restore'; readonly callback: StoredCallback };

/** What an agent (or a supervisor on their behalf) does from the desktop or the API. */
export type AgentInput =
  | {
      readonly type: 'agent.set-status';
      readonly agentId: string;
      readonly status: ManualPresence;
      readonly reason?: string | null;
    }
  | { readonly type: 'offer.answer'; readonly agentId: string; readonly offerId: string }
  | { readonly type: 'offer.reject'; readonly agentId: string; readonly offerId: string }
  | { readonly type: 'call.hold'; readonly agentId: string; readonly callId: string }
  | { readonly type: 'call.resume'; readonly agentId: string; readonly callId: string }
  | { readonly type: 'call.hangup'; readonly agentId: string; readonly callId: string }
  | {
      readonly type: 'call.set-disposition';
      readonly agentId: string;
      readonly callId: string;
      readonly dispositionId: string;
    }
  | { readonly type: 'wrap-up.end'; readonly agentId: string }
  | {
      readonly type: 'agent.dial';
      readonly agentId: string;
      readonly to: string;
      readonly callerId: string;
    }
  /** AGT-07 cold transfer: to an agent, a queue or a number (OUT-01 instant transfer). */
  | {
      readonly type: 'call.transfer';
      readonly agentId: string;
      readonly callId: string;
      readonly target: TransferTarget;
    }
  /** CTI-06 / OUT-01 consultation: customer on hold, the target rung; warm transfer's first step. */
  | {
      readonly type: 'call.consult';
      readonly agentId: string;
      readonly callId: string;
      readonly target: ConsultTarget;
    }
  /** "Connect customer": the consulted party takes the customer; the agent goes to wrap-up. */
  | { readonly type: 'call.consult-connect'; readonly agentId: string; readonly callId: string }
  /** "Cancel": the consultation ends, the customer stays on hold. */
  | { readonly type: 'call.consult-cancel'; readonly agentId: string; readonly callId: string }
  /** "Release": the consultation ends, the agent talks to the customer again. */
  | { readonly type: 'call.consult-release'; readonly agentId: string; readonly callId: string }
  /** OUT-01 instant conference: mixes customer, agent and consulted party. */
  | { readonly type: 'call.conference'; readonly agentId: string; readonly callId: string }
  /** Ends the call for everyone on it, consulted party included (`call.hangup` only leaves). */
  | { readonly type: 'call.end-all'; readonly agentId: string; readonly callId: string }
  /** AGT-04: the agent stops the call recording for now, if the queue allows agents to. */
  | { readonly type: 'call.recording-pause'; readonly agentId: string; readonly callId: string }
  | { readonly type: 'call.recording-resume'; readonly agentId: string; readonly callId: string }
  /** OUT-01: keys pressed on the agent's keypad, sent to the customer's side ([0-9*#A-D]). */
  | {
      readonly type: 'call.send-dtmf';
      readonly agentId: string;
      readonly callId: string;
      readonly digits: string;
    };

export type LegFailure = 'busy' | 'no-answer' | 'rejected' | 'unreachable';

/** Telephony events: the telephony port's outbound half. Both adapters produce them. */
export type TelephonyEvent =
  | {
      readonly type: 'leg.offered';
      readonly legId: string;
      readonly from: string;
      readonly to: string;
      /**
       * Set when the call comes from one of our own phones: the SIP account it authenticated
       * as (an agent's desk phone placing a call, or dialling a consultation while on hold).
       */
      readonly phone?: string;
    }
  | { readonly type: 'leg.ringing'; readonly legId: string }
  | { readonly type: 'leg.answered'; readonly legId: string }
  | { readonly type: 'leg.failed'; readonly legId: string; readonly reason: LegFailure }
  | {
      readonly type: 'leg.digit';
      readonly legId: string;
      readonly digit: Digit;
      /** The adapter's count of keys on this leg, so a later collect can take type-ahead. */
      readonly seq?: number;
    }
  | {
      readonly type: 'leg.digits-collected';
      readonly legId: string;
      readonly collectId: string;
      readonly digits: string;
      readonly timedOut: boolean;
    }
  | { readonly type: 'leg.play-done'; readonly legId: string; readonly playId: string }
  | { readonly type: 'leg.remote-hold'; readonly legId: string; readonly held: boolean }
  | {
      /**
       * The party's phone asked to transfer (SIP REFER, RFC 3515). For an attended transfer
       * (Replaces, RFC 3891) `replaces` is the id of our leg whose dialog the phone named: the
       * phone's other call, to be joined with this leg's partner.
       */
      readonly type: 'leg.transfer-requested';
      readonly legId: string;
      readonly to: string;
      readonly replaces: string | null;
    }
  | {
      readonly type: 'leg.recording-done';
      readonly legId: string;
      readonly recordingId: string;
      readonly durationMs: number;
    }
  | { readonly type: 'leg.ended'; readonly legId: string; readonly reason: LegEndReason };

export type TimerInput = { readonly type: 'timer.fired'; readonly timer: TimerRef };

export type EngineInput = AdminInput | AgentInput | TelephonyEvent | TimerInput;
