/**
 * Estimated wait (BEY-01), computed from the same ordered list routing uses: a caller at
 * position p waits about p departures from the head of the line. The departure interval is
 * measured only while the line is non-empty (an idle line says nothing about its speed) and
 * smoothed; before enough departures are seen, it falls back to handle time over staffing.
 */
export interface QueueFlow {
  /** Smoothed handle time of calls answered from this queue. */
  handleMs: number;
  handleSamples: number;
  /** Smoothed interval between departures from the head while the line was not empty. */
  intervalMs: number;
  intervalSamples: number;
  /** Start of the interval being measured (last departure, or when the line became busy). */
  markAt: number | null;
}

const ALPHA = 0.1;
const MIN_INTERVAL_SAMPLES = 10;
const DEFAULT_HANDLE_MS = 180_000;

export function newFlow(): QueueFlow {
  return {
    handleMs: DEFAULT_HANDLE_MS,
    handleSamples: 0,
    intervalMs: 0,
    intervalSamples: 0,
    markAt: null,
  };
}

function smooth(prev: number, samples: number, value: number): number {
  return samples === 0 ? value : prev + Math.max(ALPHA, 1 / (samples + 1)) * (value - prev);
}

/** The line went from empty to non-empty: start measuring. */
export function flowLineBusy(flow: QueueFlow, now: number): void {
  if (flow.markAt === null) flow.markAt = now;
}

/** An entry left the head region of the line (answered, abandoned, moved away). */
export function flowDeparture(flow: QueueFlow, now: number, lineStillBusy: boolean): void {
  if (flow.markAt !== null) {
    flow.intervalMs = smooth(flow.intervalMs, flow.intervalSamples, now - flow.markAt);
    flow.intervalSamples += 1;
  }
  flow.markAt = lineStillBusy ? now : null;
}

export function flowHandled(flow: QueueFlow, handleMs: number): void {
  flow.handleMs = smooth(flow.handleMs, flow.handleSamples, handleMs);
  flow.handleSamples += 1;
}

/**
 * Estimated wait for `position` (1 = next), given how many agents currently serve the queue.
 * Returns null when nobody staffs the queue: no honest estimate exists.
 */
export function estimateWaitMs(
  flow: QueueFlow,
  position: number,
  staffedAgents: number,
): number | null {
  if (flow.intervalSamples >= MIN_INTERVAL_SAMPLES) return Math.round(position * flow.intervalMs);
  if (staffedAgents <= 0) return null;
  return Math.round((position * flow.handleMs) / staffedAgents);
}
