import type { DomainEvent } from '../io/events.js';

/**
 * Service level per queue and overall (SPEC SUP-03, QCB-15), folded from domain events.
 *
 * The one formula:
 *
 *   SL = withinThreshold / (answered + abandoned − shortAbandoned + callbacksCompleted)
 *
 * - answered: live callers connected to an agent; within the threshold when connected at most
 *   the queue's `serviceLevelSec` after their first join.
 * - abandoned: live callers who hung up while waiting (`queue.left` reason 'abandoned'). Those who
 *   hung up within `shortAbandonSec` are left out of the denominator: they never gave us a chance.
 * - callbacks are counted apart and never as abandoned (QCB-15), but every completed callback is
 *   in the denominator and only one connected within the threshold of the first join is in the
 *   numerator, so a callback not connected in time lowers the service level.
 * - callers who left to voicemail, timed out or were sent away after hours are `otherExits`:
 *   neither answered nor abandoned, and not in the formula.
 *
 * The tally is incremental so a live dashboard or the simulator can fold events as they come
 * without keeping them; `serviceLevelReport` folds a finished list.
 */
export interface ServiceLevelOptions {
  /** Each queue's threshold in seconds (the queue's `serviceLevelSec`). */
  readonly thresholds: ReadonlyMap<string, number>;
  /** Threshold for a queue not in `thresholds`: the queue schema's default. */
  readonly defaultServiceLevelSec?: number;
  /** Abandons shorter than this are not counted against the service level. */
  readonly shortAbandonSec?: number;
}

export interface ServiceLevelCounts {
  /** Interactions that entered the queue (a live caller's join; a callback's re-join is not new). */
  offered: number;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
  shortAbandoned: number;
  callbacksRequested: number;
  callbacksCompleted: number;
  callbacksConnected: number;
  callbacksWithinThreshold: number;
  otherExits: number;
  /** Sum of the answered live callers' waits, for the average speed of answer. */
  answerWaitMsTotal: number;
}

export interface ServiceLevelFigures extends ServiceLevelCounts {
  /** The queue, or null for the overall figures. */
  readonly queueId: string | null;
  /** The queue's threshold, or null overall (queues may differ). */
  readonly serviceLevelSec: number | null;
  /** Live answers plus callbacks connected within the threshold. */
  readonly withinThreshold: number;
  /** The formula's denominator. */
  readonly serviceLevelBase: number;
  /** Null when nothing has concluded yet. */
  readonly serviceLevel: number | null;
  /** Average speed of answer of live callers, seconds from first join to agent. */
  readonly averageSpeedOfAnswerSec: number | null;
  /** Counted abandons over the same base as the service level. */
  readonly abandonmentRate: number | null;
}

export interface ServiceLevelReport {
  readonly overall: ServiceLevelFigures;
  /** One row per queue seen in the events, by queue id. */
  readonly queues: readonly ServiceLevelFigures[];
}

export interface ServiceLevelTally {
  readonly thresholds: ReadonlyMap<string, number>;
  readonly defaultServiceLevelSec: number;
  readonly shortAbandonMs: number;
  readonly queues: Map<string, ServiceLevelCounts>;
}

const DEFAULT_SERVICE_LEVEL_SEC = 20;
const DEFAULT_SHORT_ABANDON_SEC = 5;

export function newServiceLevelTally(options: ServiceLevelOptions): ServiceLevelTally {
  return {
    thresholds: options.thresholds,
    defaultServiceLevelSec: options.defaultServiceLevelSec ?? DEFAULT_SERVICE_LEVEL_SEC,
    shortAbandonMs: (options.shortAbandonSec ?? DEFAULT_SHORT_ABANDON_SEC) * 1000,
    queues: new Map(),
  };
}

function emptyCounts(): ServiceLevelCounts {
  return {
    offered: 0,
    answered: 0,
    answeredWithinThreshold: 0,
    abandoned: 0,
    shortAbandoned: 0,
    callbacksRequested: 0,
    callbacksCompleted: 0,
    callbacksConnected: 0,
    callbacksWithinThreshold: 0,
    otherExits: 0,
    answerWaitMsTotal: 0,
  };
}

function countsOf(tally: ServiceLevelTally, queueId: string): ServiceLevelCounts {
  let counts = tally.queues.get(queueId);
  if (!counts) {
    counts = emptyCounts();
    tally.queues.set(queueId, counts);
  }
  return counts;
}

function thresholdMs(tally: ServiceLevelTally, queueId: string): number {
  return (tally.thresholds.get(queueId) ?? tally.defaultServiceLevelSec) * 1000;
}

/** Folds one event into the tally. Events that do not bear on service level are ignored. */
export function tallyServiceLevel(tally: ServiceLevelTally, event: DomainEvent): void {
  switch (event.type) {
    case 'queue.joined':
      if (event.callbackId === null) countsOf(tally, event.queueId).offered += 1;
      return;
    case 'queue.left': {
      // A callback's entry leaving is accounted by its `callback.completed`.
      if (event.wasCallback) return;
      const c = countsOf(tally, event.queueId);
      switch (event.reason) {
        case 'answered':
          c.answered += 1;
          c.answerWaitMsTotal += event.waitMs;
          if (event.waitMs <= thresholdMs(tally, event.queueId)) c.answeredWithinThreshold += 1;
          return;
        case 'abandoned':
          c.abandoned += 1;
          if (event.waitMs < tally.shortAbandonMs) c.shortAbandoned += 1;
          return;
        case 'voicemail':
        case 'max-wait':
        case 'after-hours':
          c.otherExits += 1;
          return;
        default:
          return;
      }
    }
    case 'callback.requested':
      countsOf(tally, event.queueId).callbacksRequested += 1;
      return;
    case 'callback.completed': {
      const c = countsOf(tally, event.queueId);
      c.callbacksCompleted += 1;
      if (event.outcome !== 'connected') return;
      c.callbacksConnected += 1;
      const wait = event.connectedWaitMs;
      if (wait !== null && wait <= thresholdMs(tally, event.queueId))
        c.callbacksWithinThreshold += 1;
      return;
    }
    default:
      return;
  }
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function figures(
  queueId: string | null,
  serviceLevelSec: number | null,
  c: ServiceLevelCounts,
): ServiceLevelFigures {
  const countedAbandons = c.abandoned - c.shortAbandoned;
  const base = c.answered + countedAbandons + c.callbacksCompleted;
  const within = c.answeredWithinThreshold + c.callbacksWithinThreshold;
  return {
    ...c,
    queueId,
    serviceLevelSec,
    withinThreshold: within,
    serviceLevelBase: base,
    serviceLevel: ratio(within, base),
    averageSpeedOfAnswerSec: c.answered > 0 ? c.answerWaitMsTotal / c.answered / 1000 : null,
    abandonmentRate: ratio(countedAbandons, base),
  };
}

/** The figures so far. The tally can keep folding afterwards. */
export function serviceLevelOf(tally: ServiceLevelTally): ServiceLevelReport {
  const total = emptyCounts();
  const ids = [...tally.queues.keys()].sort();
  const queues = ids.map((id) => {
    const c = tally.queues.get(id)!;
    for (const key of Object.keys(total) as (keyof ServiceLevelCounts)[]) total[key] += c[key];
    return figures(id, thresholdMs(tally, id) / 1000, c);
  });
  return { overall: figures(null, null, total), queues };
}

/** Service level of a finished list of events. */
export function serviceLevelReport(
  events: Iterable<DomainEvent>,
  options: ServiceLevelOptions,
): ServiceLevelReport {
  const tally = newServiceLevelTally(options);
  for (const event of events) tallyServiceLevel(tally, event);
  return serviceLevelOf(tally);
}
