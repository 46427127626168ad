/**
 * Estimated wait (BEY-01, ADR 7 and its addendum), from the same ordered list routing uses.
 *
 * A caller with m entries ahead still needing an agent waits for m + 1 agent-free events, less
 * the entries ahead who leave without one (hang up, voicemail, expiry). With R agent-free events
 * a millisecond and each waiting entry leaving at rate θ, the expected wait is
 * Σ_{j=0..m} 1 / (R + jθ) (Ibrahim and Whitt's queue-length estimator with abandonment).
 *
 * R is measured while callers wait for an agent (the backlog): assignments over time, scaled by
 * the agents staffed at the time, so an agent going on a break changes the figure at once. θ is
 * leaves without an agent over the time entries spent in the line. Both are averages that forget
 * with a time constant, not a count, so a busy queue averages hundreds of events, not ten.
 * Before enough assignments are seen, R falls back to staffed agents over smoothed handle time.
 */
export interface QueueFlow {
  /** Smoothed handle time of calls answered from this queue (the fallback). */
  handleMs: number;
  handleSamples: number;
  /** Decaying sums over the backlog: agent-free assignments, and agent-milliseconds between them. */
  assignments: number;
  agentMs: number;
  /** Assignments measured in all, for the fallback threshold. */
  assignmentSamples: number;
  /** Start of the interval being measured (last backlog assignment, or when the backlog began). */
  markAt: number | null;
  /** Decaying sums: leaves without an agent, and entry-milliseconds spent in the line. */
  leaves: number;
  entryMs: number;
  /** Entries in the line since `lineChangedAt`. */
  lineLength: number;
  lineChangedAt: number | null;
}

/** How fast old measurements are forgotten: half of their weight in about 21 minutes. */
const MEMORY_MS = 30 * 60_000;
const MIN_ASSIGNMENTS = 10;
const DEFAULT_HANDLE_MS = 180_000;
const HANDLE_ALPHA = 0.1;
/** Terms of the sum added one by one; beyond, the sum's integral stands for the rest. */
const EXACT_TERMS = 256;

export function newFlow(): QueueFlow {
  return {
    handleMs: DEFAULT_HANDLE_MS,
    handleSamples: 0,
    assignments: 0,
    agentMs: 0,
    assignmentSamples: 0,
    markAt: null,
    leaves: 0,
    entryMs: 0,
    lineLength: 0,
    lineChangedAt: null,
  };
}

const decay = (elapsedMs: number): number => Math.exp(-Math.max(0, elapsedMs) / MEMORY_MS);

/**
 * The line is about to change length: the time since the last change is added to the
 * entry-time sum (only time with someone in line counts, and only that time forgets).
 */
export function flowLineChanging(flow: QueueFlow, now: number, newLength: number): void {
  if (flow.lineChangedAt !== null && flow.lineLength > 0) {
    const f = decay(now - flow.lineChangedAt);
    flow.entryMs = flow.entryMs * f + flow.lineLength * MEMORY_MS * (1 - f);
    flow.leaves *= f;
  }
  flow.lineLength = newLength;
  flow.lineChangedAt = now;
}

/** An entry left the line without an agent (hung up, voicemail, expiry, moved to a later time). */
export function flowLeftUnserved(flow: QueueFlow): void {
  flow.leaves += 1;
}

/** A caller went on hold because no agent was free: callers now wait for agents. */
export function flowBacklog(flow: QueueFlow, now: number): void {
  if (flow.markAt === null) flow.markAt = now;
}

/** Some agent of the queue is free with nobody waiting for one: the backlog is over. */
export function flowIdle(flow: QueueFlow): void {
  flow.markAt = null;
}

/**
 * An agent who became free was handed waiting work. `staffedAgents` scales the interval to one
 * agent's share, so the rate follows staffing changes without waiting for new measurements.
 */
export function flowAssigned(flow: QueueFlow, now: number, staffedAgents: number): void {
  if (flow.markAt === null) return;
  const interval = Math.max(0, now - flow.markAt);
  const f = decay(interval);
  flow.assignments = flow.assignments * f + 1;
  flow.agentMs = flow.agentMs * f + interval * Math.max(1, staffedAgents);
  flow.assignmentSamples += 1;
  flow.markAt = now;
}

export function flowHandled(flow: QueueFlow, handleMs: number): void {
  flow.handleMs =
    flow.handleSamples === 0
      ? handleMs
      : flow.handleMs +
        Math.max(HANDLE_ALPHA, 1 / (flow.handleSamples + 1)) * (handleMs - flow.handleMs);
  flow.handleSamples += 1;
}

/** Σ_{j=0..m} 1 / (rate + j·leave), exactly for the first terms, by its integral beyond. */
function expectedWait(m: number, rate: number, leave: number): number {
  if (leave <= 0 || m === 0) return (m + 1) / rate;
  const exact = Math.min(m, EXACT_TERMS - 1);
  let sum = 0;
  for (let j = 0; j <= exact; j += 1) sum += 1 / (rate + j * leave);
  if (m > exact)
    sum += Math.log((rate + (m + 0.5) * leave) / (rate + (exact + 0.5) * leave)) / leave;
  return sum;
}

/**
 * Estimated wait for `position` (1 = next), given the agents serving the queue now and how many
 * of the entries ahead already have an agent (ringing, or a callback being dialled). Returns null
 * when nobody staffs the queue: no honest estimate exists.
 */
export function estimateWaitMs(
  flow: QueueFlow,
  position: number,
  staffedAgents: number,
  assignedAhead = 0,
): number | null {
  if (staffedAgents <= 0) return null;
  const rate =
    flow.assignmentSamples >= MIN_ASSIGNMENTS && flow.agentMs > 0
      ? (staffedAgents * flow.assignments) / flow.agentMs
      : staffedAgents / flow.handleMs;
  const leave = flow.entryMs > 0 ? flow.leaves / flow.entryMs : 0;
  const waitingAhead = Math.max(0, position - 1 - assignedAhead);
  return Math.round(expectedWait(waitingAhead, rate, leave));
}
