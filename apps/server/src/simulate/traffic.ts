import type { AgentPhoneScript, PartyScript } from '@tsunagu/telephony';
import type {
  ArrivalProfile,
  ArrivalStep,
  DurationDistribution,
  ResolvedSimulationConfig,
} from './config.js';
import { Random } from './random.js';

const HOUR_MS = 3_600_000;

/** Independent random streams, so one behaviour's draws never shift another's. */
const STREAM_ARRIVALS = 1;
const STREAM_CALLERS = 2;
const STREAM_CUSTOMERS = 3;

/** The arrival rate at `hour` (hours since the start) of a profile, in calls per hour. */
export class ArrivalRate {
  private readonly steps: readonly ArrivalStep[] | null;
  private cursor = 0;
  readonly max: number;

  constructor(private readonly profile: ArrivalProfile) {
    if (typeof profile === 'number') {
      this.steps = null;
      this.max = profile;
    } else if (Array.isArray(profile)) {
      this.steps = [...(profile as readonly ArrivalStep[])].sort((a, b) => a.atHour - b.atHour);
      this.max = Math.max(...this.steps.map((s) => s.perHour));
    } else {
      const s = profile as Exclude<ArrivalProfile, number | readonly ArrivalStep[]>;
      this.steps = null;
      this.max = s.meanPerHour * (1 + s.amplitude);
    }
  }

  /** For increasing `hour` this is O(1): the step cursor only moves forward. */
  at(hour: number): number {
    const p = this.profile;
    if (typeof p === 'number') return p;
    const steps = this.steps;
    if (steps !== null) {
      if (this.cursor > 0 && steps[this.cursor - 1]!.atHour > hour) this.cursor = 0;
      while (this.cursor < steps.length && steps[this.cursor]!.atHour <= hour) this.cursor += 1;
      return this.cursor === 0 ? 0 : steps[this.cursor - 1]!.perHour;
    }
    const s = p as Exclude<ArrivalProfile, number | readonly ArrivalStep[]>;
    const angle = (2 * Math.PI * (hour - (s.phaseHours ?? 0))) / s.periodHours;
    return s.meanPerHour * (1 + s.amplitude * Math.sin(angle));
  }

  /** The average rate over [0, hours), for the Erlang C comparison. */
  mean(hours: number): number {
    if (typeof this.profile === 'number') return this.profile;
    const n = 10_000;
    const probe = new ArrivalRate(this.profile);
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += probe.at(((i + 0.5) * hours) / n);
    return sum / n;
  }
}

/**
 * Poisson arrivals with a time-varying rate, by thinning (Lewis and Shedler): candidates come
 * at the peak rate and each is kept with probability rate(t) / peak.
 */
export class ArrivalProcess {
  private readonly rng: Random;
  private readonly rate: ArrivalRate;
  /** The last candidate time, unrounded, in ms since the start. */
  private t = 0;

  constructor(profile: ArrivalProfile, seed: number) {
    this.rng = new Random(seed, STREAM_ARRIVALS);
    this.rate = new ArrivalRate(profile);
  }

  /** The next arrival (ms since the start, to the millisecond), or null if none before `endMs`. */
  next(endMs: number): number | null {
    const peak = this.rate.max;
    if (peak <= 0) return null;
    for (;;) {
      this.t += this.rng.exponential(HOUR_MS / peak);
      if (this.t >= endMs) return null;
      if (this.rng.next() * peak < this.rate.at(this.t / HOUR_MS)) return Math.round(this.t);
    }
  }
}

function draw(rng: Random, d: DurationDistribution): number {
  const sec =
    d.kind === 'exponential' ? rng.exponential(d.meanSec) : rng.lognormal(d.meanSec, d.sigma);
  return Math.max(1, Math.round(sec * 1000));
}

/**
 * Who calls and how they behave: talk time, patience, whether they take the callback offer;
 * and, when the system calls back, whether the customer answers and presses 1.
 */
export class Population {
  private readonly callers: Random;
  private readonly customers: Random;
  private serial = 0;
  readonly agentPhone: AgentPhoneScript;
  private readonly takesCallback: Partial<Record<string, string>>;
  private readonly confirms = { 'callback.greeting': '1' } as const;
  private readonly declines = { 'callback.greeting': '2' } as const;
  private readonly noAnswer: PartyScript = {
    response: 'no-answer',
    patienceMs: Infinity,
    talkMs: 0,
  };

  constructor(private readonly config: ResolvedSimulationConfig) {
    this.callers = new Random(config.seed, STREAM_CALLERS);
    this.customers = new Random(config.seed, STREAM_CUSTOMERS);
    this.agentPhone = {
      response: 'answer',
      answerAfterMs: Math.round(config.agentAnswerDelaySec * 1000),
      talkMs: Infinity,
    };
    // Hearing the offer: press the queue's callback key, then 1 to confirm the own number.
    this.takesCallback = { 'queue.callback-offer': '1', 'callback.confirm-menu': '1' };
  }

  /** A fresh, valid Japanese mobile number, so one caller never meets another's request (QCB-07). */
  nextNumber(): string {
    this.serial += 1;
    return `090${10_000_000 + (this.serial % 90_000_000)}`;
  }

  private patienceMs(rng: Random): number {
    const mean = this.config.patienceSec;
    return mean === null ? Infinity : Math.max(1, Math.round(rng.exponential(mean * 1000)));
  }

  caller(): PartyScript {
    const rng = this.callers;
    const talkMs = draw(rng, this.config.talkTime);
    const patienceMs = this.patienceMs(rng);
    // Drawn for every caller, so the uptake setting never shifts the other draws.
    const takes = rng.next() < this.config.callbackUptake;
    return takes ? { patienceMs, talkMs, onPrompt: this.takesCallback } : { patienceMs, talkMs };
  }

  /** The customer's phone when the system calls back (any attempt). */
  customer(): PartyScript {
    const rng = this.customers;
    const b = this.config.callbackCustomer;
    const talkMs = draw(rng, this.config.talkTime);
    const patienceMs = this.patienceMs(rng);
    const answers = rng.next() < b.answerProbability;
    const confirms = rng.next() < b.confirmProbability;
    if (!answers) return this.noAnswer;
    return {
      response: 'answer',
      answerAfterMs: Math.round(b.answerAfterSec * 1000),
      patienceMs,
      talkMs,
      onPrompt: confirms ? this.confirms : this.declines,
    };
  }
}
