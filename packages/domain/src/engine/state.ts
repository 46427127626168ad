import type { Center } from '../model/center.js';
import type { Queue } from '../model/queue.js';
import type { Agent } from '../model/agent.js';
import type { Call, Leg } from '../model/call.js';
import type { QueueEntry } from '../model/entry.js';
import type { Offer } from '../model/offer.js';
import type { CallbackRequest } from '../model/callback.js';
import type { QueueFlow } from '../routing/estimate.js';
import type { Consultation } from '../model/consultation.js';
import type { RecordingOwner } from './recording.js';

/**
 * Everything the engine knows. Live things only: a call, offer or callback leaves the state
 * when it ends (its history is in the events), so memory follows what is happening now.
 *
 * `handle()` takes ownership of the state and updates it in place (docs/adr/0003): a copy
 * per input would cost more than the routing itself at 20,000 calls an hour. Callers that
 * need a snapshot use `structuredClone`.
 */
export interface EngineState {
  seq: number;
  readonly centers: Map<string, Center>;
  readonly queues: Map<string, Queue>;
  readonly agents: Map<string, Agent>;
  readonly calls: Map<string, Call>;
  readonly legs: Map<string, Leg>;
  readonly entries: Map<string, QueueEntry>;
  /** Each queue's entries in routing order (first-join time, then sequence). */
  readonly lines: Map<string, QueueEntry[]>;
  readonly offers: Map<string, Offer>;
  /** Consultations and cold transfers in progress (AGT-07, CTI-06), by id. */
  readonly consultations: Map<string, Consultation>;
  /** Open callback requests; completed ones leave. */
  readonly callbacks: Map<string, CallbackRequest>;
  /** QCB-07: normalised number → its one open callback request. */
  readonly openCallbackByNumber: Map<string, string>;
  /** Dialled number → queue. */
  readonly numberToQueue: Map<string, string>;
  /** Agent → queues they are a member of, derived from queue members. */
  readonly agentQueues: Map<string, string[]>;
  /** Per-queue flow figures behind the estimated wait (BEY-01). */
  readonly flows: Map<string, QueueFlow>;
  /** Per-queue round-robin cursor. */
  readonly roundRobin: Map<string, number>;
  /** Agents whose presence is 'available' (free, or held for a callback): routing's short list. */
  readonly available: Set<string>;
  /** Queue → member → position in the admin's routing order. */
  readonly memberIndex: Map<string, Map<string, number>>;
  /** Queue → agents serving it now (not logged out, off duty, on a break or busy), for BEY-01. */
  readonly staffed: Map<string, number>;
  /** Queue → entries of callbacks waiting out a retry interval (not counted in positions). */
  readonly retryWaiting: Map<string, Set<string>>;
  /** Customer-first callbacks in flight whose held agent went away: they get the next free one. */
  readonly unbacked: Set<string>;
  /**
   * AGT-04: call recordings started and not yet reported done by the telephony, by recording
   * id. The report may come after the call has ended and left the state.
   */
  readonly recordings: Map<string, RecordingOwner>;
}

export function createState(): EngineState {
  return {
    seq: 0,
    centers: new Map(),
    queues: new Map(),
    agents: new Map(),
    calls: new Map(),
    legs: new Map(),
    entries: new Map(),
    lines: new Map(),
    offers: new Map(),
    consultations: new Map(),
    callbacks: new Map(),
    openCallbackByNumber: new Map(),
    numberToQueue: new Map(),
    agentQueues: new Map(),
    flows: new Map(),
    roundRobin: new Map(),
    available: new Set(),
    memberIndex: new Map(),
    staffed: new Map(),
    unbacked: new Set(),
    retryWaiting: new Map(),
    recordings: new Map(),
  };
}
