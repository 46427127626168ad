import type { DomainEvent } from '../io/events.js';
import { CALLBACK_OUTCOMES, type CallbackOutcome } from '../machines/callback-machine.js';

/**
 * The callback report (SPEC QCB-14, SUP-03), folded from domain events. One hold-queue callback
 * is one interaction over two kinds of call, and the report counts both: the inbound "callback
 * request" call (it ends with reason 'callback-requested') and the system's outbound "callback
 * call" (created with kind 'callback'; retries make more than one). Each request ends with
 * exactly one of the four outcomes.
 */
export interface CallbackFigures {
  /** The queue, or null for the overall figures. */
  readonly queueId: string | null;
  /** Inbound calls that ended by booking a callback. */
  requestCalls: number;
  /** Outbound calls the system placed for callbacks (every attempt). */
  callbackCalls: number;
  /** Requests registered (`callback.requested`). */
  requested: number;
  /** Requests that reached an outcome. */
  completed: number;
  readonly outcomes: Record<CallbackOutcome, number>;
}

export interface CallbackReport {
  readonly overall: CallbackFigures;
  /** One row per queue seen in the events, by queue id. */
  readonly queues: readonly CallbackFigures[];
}

export interface CallbackTally {
  readonly overall: CallbackFigures;
  readonly queues: Map<string, CallbackFigures>;
}

function emptyFigures(queueId: string | null): CallbackFigures {
  const outcomes = {} as Record<CallbackOutcome, number>;
  for (const outcome of CALLBACK_OUTCOMES) outcomes[outcome] = 0;
  return { queueId, requestCalls: 0, callbackCalls: 0, requested: 0, completed: 0, outcomes };
}

export function newCallbackTally(): CallbackTally {
  return { overall: emptyFigures(null), queues: new Map() };
}

function figuresOf(tally: CallbackTally, queueId: string | null): CallbackFigures | undefined {
  if (queueId === null) return undefined;
  let figures = tally.queues.get(queueId);
  if (!figures) {
    figures = emptyFigures(queueId);
    tally.queues.set(queueId, figures);
  }
  return figures;
}

/** Folds one event into the tally. Events that do not bear on callbacks are ignored. */
export function tallyCallback(tally: CallbackTally, event: DomainEvent): void {
  switch (event.type) {
    case 'call.ended': {
      if (event.kind !== 'inbound' || event.reason !== 'callback-requested') return;
      tally.overall.requestCalls += 1;
      const q = figuresOf(tally, event.queueId);
      if (q) q.requestCalls += 1;
      return;
    }
    case 'call.created': {
      if (event.kind !== 'callback') return;
      tally.overall.callbackCalls += 1;
      const q = figuresOf(tally, event.queueId);
      if (q) q.callbackCalls += 1;
      return;
    }
    case 'callback.requested':
      tally.overall.requested += 1;
      figuresOf(tally, event.queueId)!.requested += 1;
      return;
    case 'callback.completed': {
      const q = figuresOf(tally, event.queueId)!;
      for (const f of [tally.overall, q]) {
        f.completed += 1;
        f.outcomes[event.outcome] += 1;
      }
      return;
    }
    default:
      return;
  }
}

function copy(f: CallbackFigures): CallbackFigures {
  return { ...f, outcomes: { ...f.outcomes } };
}

/** The figures so far, as a snapshot the tally's later folding does not change. */
export function callbackReportOf(tally: CallbackTally): CallbackReport {
  const ids = [...tally.queues.keys()].sort();
  return { overall: copy(tally.overall), queues: ids.map((id) => copy(tally.queues.get(id)!)) };
}

/** The callback report of a finished list of events. */
export function callbackReport(events: Iterable<DomainEvent>): CallbackReport {
  const tally = newCallbackTally();
  for (const event of events) tallyCallback(tally, event);
  return callbackReportOf(tally);
}
