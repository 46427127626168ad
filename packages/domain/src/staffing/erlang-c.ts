/**
 * Erlang C staffing calculator (SPEC BEY-05).
 *
 * A pure helper: no imports, no clock, no randomness, so the same inputs always give the same
 * staffing answer and it can run inside the domain ring, in a browser, or in a report job.
 *
 * Everything is built on the Erlang B recurrence rather than the textbook `A^N / N!` form: the
 * powers and factorials overflow a double long before a real contact center's size (170! is
 * already Infinity), while the recurrence only ever handles probabilities in [0, 1] and stays
 * accurate for thousands of agents and thousands of Erlangs.
 *
 * @module
 */

/** Seconds per hour: arrivals are quoted per hour while handle times are quoted in seconds. */
const SECONDS_PER_HOUR = 3600;

// ---------------------------------------------------------------------------------------------
// Validation. RangeError rather than the engine's DomainError catalogue: these are arguments to a
// pure maths helper, so a bad value is a programming error at the call site, not an engine event.
// ---------------------------------------------------------------------------------------------

function requireNonNegativeFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

function requirePositiveFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
}

function requireAgentCount(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

function requireFraction(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`${name} must be a fraction between 0 and 1, got ${String(value)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared arithmetic. erlangCMetrics and agentsForServiceLevel go through exactly these helpers, in
// the same order of operations, so the agent count the search returns is bit-for-bit consistent
// with the metrics reported for it (no "meets the target here but not there" rounding surprises).
// ---------------------------------------------------------------------------------------------

/** One step of the Erlang B recurrence: B(n) from B(n-1). */
function erlangBStep(n: number, trafficErlangs: number, previous: number): number {
  const ab = trafficErlangs * previous;
  return ab / (n + ab);
}

/** Erlang C from Erlang B; only meaningful when the queue is stable (agents > traffic). */
function erlangCFromB(agents: number, trafficErlangs: number, blocking: number): number {
  return (agents * blocking) / (agents - trafficErlangs * (1 - blocking));
}

function offeredTraffic(arrivalsPerHour: number, averageHandleSec: number): number {
  return (arrivalsPerHour * averageHandleSec) / SECONDS_PER_HOUR;
}

/** Fraction answered within `serviceLevelSec`, for a stable queue with wait probability `c`. */
function serviceLevelFromC(
  c: number,
  agents: number,
  trafficErlangs: number,
  averageHandleSec: number,
  serviceLevelSec: number,
): number {
  return 1 - c * Math.exp((-(agents - trafficErlangs) * serviceLevelSec) / averageHandleSec);
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Erlang B: the probability that an arrival finds every agent busy in a loss system (no queue).
 *
 * Exposed because Erlang C is derived from it and because it is the right model for overflow
 * trunks; it is computed with the recurrence B(0) = 1, B(n) = A·B(n-1) / (n + A·B(n-1)) so that
 * no intermediate value ever leaves [0, 1] — the only way to stay finite at thousands of agents.
 *
 * @param agents Number of servers, a non-negative integer.
 * @param trafficErlangs Offered load A in Erlangs (arrival rate × mean handle time), finite and >= 0.
 * @throws RangeError on a negative, NaN or infinite value, or a non-integer agent count.
 */
export function erlangB(agents: number, trafficErlangs: number): number {
  requireAgentCount('agents', agents);
  requireNonNegativeFinite('trafficErlangs', trafficErlangs);
  let blocking = 1;
  for (let n = 1; n <= agents; n++) blocking = erlangBStep(n, trafficErlangs, blocking);
  return blocking;
}

/**
 * Erlang C: the probability that an arrival has to wait in queue (M/M/N with infinite patience).
 *
 * Derived from Erlang B as C = N·B / (N − A·(1 − B)) instead of the factorial formula, for the
 * numerical stability reasons given on {@link erlangB}. When agents <= traffic the queue grows
 * without bound, so in the long run every arrival waits: we return 1 rather than the formula's
 * meaningless (negative or > 1) value, so callers can never mistake an unstable queue for a good one.
 *
 * @param agents Number of agents, a non-negative integer.
 * @param trafficErlangs Offered load A in Erlangs, finite and >= 0.
 * @throws RangeError on a negative, NaN or infinite value, or a non-integer agent count.
 */
export function erlangC(agents: number, trafficErlangs: number): number {
  const blocking = erlangB(agents, trafficErlangs);
  if (agents <= trafficErlangs) return 1;
  return erlangCFromB(agents, trafficErlangs, blocking);
}

/** What a staffing question is asked in: the units planners quote, not queueing-theory symbols. */
export interface ErlangCInput {
  /** Mean arrival rate, in calls per hour (finite, >= 0). */
  arrivalsPerHour: number;
  /** Mean handle time (talk + hold + wrap-up), in seconds (finite, > 0). */
  averageHandleSec: number;
  /** Agents staffed, a non-negative integer. */
  agents: number;
  /** The service-level threshold T, in seconds ("80% answered within 20 s" → 20). */
  serviceLevelSec: number;
}

/** The standard Erlang C answers for one interval, as a planner reads them. */
export interface ErlangCResult {
  /** Offered load A = arrivalsPerHour × averageHandleSec / 3600, in Erlangs. */
  trafficErlangs: number;
  /** Fraction of agent time spent handling calls, A / N; 1 when the queue is unstable. */
  occupancy: number;
  /** Erlang C: probability an arrival waits at all; 1 when unstable. */
  probabilityOfWait: number;
  /** Fraction of arrivals answered within serviceLevelSec; 0 when unstable. */
  serviceLevel: number;
  /** Mean wait over all arrivals (including those answered at once), in seconds; Infinity when unstable. */
  averageSpeedOfAnswerSec: number;
  /** False when agents <= traffic: the queue grows without bound and the other figures are limits. */
  stable: boolean;
}

/**
 * Erlang C service metrics for a given staffing level.
 *
 * Uses SL = 1 − C·e^(−(N − A)·T / AHT) and ASA = C·AHT / (N − A). An unstable queue (N <= A)
 * returns the limiting values (service level 0, ASA Infinity, occupancy 1, stable false) rather
 * than throwing, because "you are understaffed" is a normal planning answer, not an error.
 *
 * @throws RangeError on a negative, NaN or infinite input, a non-positive handle time (it would
 *   make the service-level exponent 0/0), or a non-integer agent count.
 */
export function erlangCMetrics(input: ErlangCInput): ErlangCResult {
  const { arrivalsPerHour, averageHandleSec, agents, serviceLevelSec } = input;
  requireNonNegativeFinite('arrivalsPerHour', arrivalsPerHour);
  requirePositiveFinite('averageHandleSec', averageHandleSec);
  requireAgentCount('agents', agents);
  requireNonNegativeFinite('serviceLevelSec', serviceLevelSec);

  const trafficErlangs = offeredTraffic(arrivalsPerHour, averageHandleSec);
  if (agents <= trafficErlangs) {
    return {
      trafficErlangs,
      occupancy: 1,
      probabilityOfWait: 1,
      serviceLevel: 0,
      averageSpeedOfAnswerSec: Number.POSITIVE_INFINITY,
      stable: false,
    };
  }

  const probabilityOfWait = erlangCFromB(agents, trafficErlangs, erlangB(agents, trafficErlangs));
  return {
    trafficErlangs,
    occupancy: trafficErlangs / agents,
    probabilityOfWait,
    serviceLevel: serviceLevelFromC(
      probabilityOfWait,
      agents,
      trafficErlangs,
      averageHandleSec,
      serviceLevelSec,
    ),
    averageSpeedOfAnswerSec: (probabilityOfWait * averageHandleSec) / (agents - trafficErlangs),
    stable: true,
  };
}

/**
 * The smallest agent count whose Erlang C service level meets `targetServiceLevel`.
 *
 * The answer is always a stable staffing (more agents than Erlangs), even for a target of 0: an
 * unstable queue's backlog grows without bound, so no fewer agents can be a valid plan. The search
 * walks upward from floor(A) + 1 carrying the Erlang B value along, so the whole search is O(N)
 * rather than recomputing the recurrence from scratch at each candidate (O(N²)).
 * `erlangCMetrics` with the returned count reports a serviceLevel >= the target, and with one
 * agent fewer reports either an unstable queue or a serviceLevel below it.
 *
 * @param arrivalsPerHour Mean arrival rate, calls per hour (finite, >= 0).
 * @param averageHandleSec Mean handle time in seconds (finite, > 0).
 * @param serviceLevelSec Threshold T in seconds (finite, >= 0).
 * @param targetServiceLevel Required fraction answered within T, from 0 to 1.
 * @param maxAgents Upper bound on the search, a guard against unreachable targets (e.g. exactly 1).
 * @throws RangeError on invalid input, or when no count up to maxAgents meets the target.
 */
export function agentsForServiceLevel(
  arrivalsPerHour: number,
  averageHandleSec: number,
  serviceLevelSec: number,
  targetServiceLevel: number,
  maxAgents = 100_000,
): number {
  requireNonNegativeFinite('arrivalsPerHour', arrivalsPerHour);
  requirePositiveFinite('averageHandleSec', averageHandleSec);
  requireNonNegativeFinite('serviceLevelSec', serviceLevelSec);
  requireFraction('targetServiceLevel', targetServiceLevel);
  requireAgentCount('maxAgents', maxAgents);

  const trafficErlangs = offeredTraffic(arrivalsPerHour, averageHandleSec);
  const minimumStable = Math.floor(trafficErlangs) + 1;

  let blocking = 1;
  for (let n = 1; n <= maxAgents; n++) {
    blocking = erlangBStep(n, trafficErlangs, blocking);
    if (n < minimumStable) continue;
    const c = erlangCFromB(n, trafficErlangs, blocking);
    const sl = serviceLevelFromC(c, n, trafficErlangs, averageHandleSec, serviceLevelSec);
    if (sl >= targetServiceLevel) return n;
  }
  throw new RangeError(
    `no agent count up to maxAgents=${maxAgents} reaches a service level of ${targetServiceLevel} ` +
      `within ${serviceLevelSec} s for ${trafficErlangs} Erlangs`,
  );
}
