import {
  createState,
  handle,
  isTelephonyCommand,
  type DomainEvent,
  type EngineCommand,
  type EngineInput,
  type EngineState,
  type HandleResult,
} from '@tsunagu/domain';
import type { Clock, TelephonyPort } from '@tsunagu/telephony';
import type { TimerService } from './timers.js';

/** An event after it is durable: `id` orders the live stream and lets clients resume. */
export interface PublishedEvent {
  readonly id: number;
  readonly event: DomainEvent;
}

/** Sees each input's events after they are durable and before its commands run. */
export type EventSink = (
  events: readonly DomainEvent[],
  input: EngineInput,
  ids: readonly number[],
) => void;

/** Makes a batch of inputs' output durable (events, the rows they change, durable timers). */
export interface CommitStore {
  commit(
    batch: readonly { events: readonly DomainEvent[]; commands: readonly EngineCommand[] }[],
    engineSeq: number,
  ): Promise<number[]>;
}

export interface EngineRunnerOptions {
  readonly telephony: TelephonyPort;
  readonly timers: TimerService;
  readonly clock: Clock;
  readonly sinks?: readonly EventSink[];
  readonly state?: EngineState;
  /** When given, commands wait until their events are committed (ADR 2); else they run at once. */
  readonly store?: CommitStore;
  /** A commit failed: the node must stop (its state is ahead of the database). */
  readonly onFatal?: (err: unknown) => void;
  /**
   * Longest group-commit window (default 25 ms): see gatherBatch. Commands wait for their commit
   * either way (ADR 10).
   */
  readonly maxCommitWindowMs?: number;
}

const DEFAULT_MAX_COMMIT_WINDOW_MS = 25;
/** Between back-to-back commits the store rests this many times its last commit's duration. */
const REST_PER_COMMIT_TIME = 4;

interface Pending {
  readonly input: EngineInput;
  readonly result: HandleResult;
  readonly done: (() => void)[];
}

/**
 * Drives the pure engine: one input at a time, time from the clock. Without a store, events
 * go to the sinks and commands run at once (tests, simulator). With a store, handled inputs
 * queue up and are committed in groups; only then do their sinks and commands run, in input
 * order. So a callback request is durable before its confirmation is played, and the engine
 * never waits on the database to take the next input.
 */
export class EngineRunner {
  readonly state: EngineState;
  private readonly backlog: EngineInput[] = [];
  private busy = false;
  private readonly sinks: EventSink[];
  private pending: Pending[] = [];
  private committing: Promise<void> | null = null;
  private lastCommitEnd = Number.NEGATIVE_INFINITY;
  private lastCommitMs = 0;
  private nextId = 1;
  inputsHandled = 0;
  eventsEmitted = 0;
  /** Commits so far and the inputs they carried: their ratio is the group-commit batch size. */
  commits = 0;
  inputsCommitted = 0;

  constructor(private readonly options: EngineRunnerOptions) {
    this.state = options.state ?? createState();
    this.sinks = [...(options.sinks ?? [])];
    options.telephony.onEvent((event) => this.submit(event));
  }

  addSink(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /**
   * Handles `input` now, or after the current one. Returns the result when handled at once,
   * so an API call can answer with the engine's error.
   */
  submit(input: EngineInput): HandleResult | undefined {
    if (this.busy) {
      this.backlog.push(input);
      return undefined;
    }
    this.busy = true;
    try {
      const result = this.run(input);
      while (this.backlog.length > 0) this.run(this.backlog.shift()!);
      return result;
    } finally {
      this.busy = false;
    }
  }

  /** Handles `input` and resolves once its events are durable and its commands sent. */
  async submitDurably(input: EngineInput): Promise<HandleResult> {
    if (this.busy) throw new Error('submitDurably called from inside the engine');
    let done!: () => void;
    const committed = new Promise<void>((resolve) => (done = resolve));
    this.busy = true;
    let result: HandleResult;
    try {
      result = this.run(input, done);
      while (this.backlog.length > 0) this.run(this.backlog.shift()!);
    } finally {
      this.busy = false;
    }
    // Nothing queued for commit: nothing to wait for (an answer with only commands still waits).
    if (
      !this.options.store ||
      result.error ||
      (result.events.length === 0 && result.commands.length === 0)
    ) {
      done();
    }
    await committed;
    return result;
  }

  /** Resolves when everything handled so far is committed and carried out. */
  async flush(): Promise<void> {
    while (this.committing) await this.committing;
  }

  private run(input: EngineInput, done?: () => void): HandleResult {
    const result = handle(this.state, input, this.options.clock.now());
    this.inputsHandled += 1;
    this.eventsEmitted += result.events.length;
    if (!this.options.store) {
      const ids = result.events.map(() => this.nextId++);
      if (result.events.length > 0) for (const sink of this.sinks) sink(result.events, input, ids);
      this.execute(result.commands);
      return result;
    }
    if (result.events.length > 0 || result.commands.length > 0) {
      this.pending.push({ input, result, done: done ? [done] : [] });
      if (!this.committing) this.committing = this.commitLoop();
    }
    return result;
  }

  private async commitLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        await this.gatherBatch();
        const batch = this.pending;
        this.pending = [];
        this.commits += 1;
        this.inputsCommitted += batch.length;
        const started = performance.now();
        const ids = await this.options.store!.commit(
          batch.map((p) => ({ events: p.result.events, commands: p.result.commands })),
          this.state.seq,
        );
        this.lastCommitEnd = performance.now();
        this.lastCommitMs = this.lastCommitEnd - started;
        let at = 0;
        for (const p of batch) {
          const mine = ids.slice(at, at + p.result.events.length);
          at += p.result.events.length;
          if (p.result.events.length > 0)
            for (const sink of this.sinks) sink(p.result.events, p.input, mine);
          this.execute(p.result.commands);
          for (const d of p.done) d();
        }
      }
    } catch (err) {
      // The engine is ahead of the database now; only a restart (recovery) is safe.
      this.pending = [];
      if (this.options.onFatal) this.options.onFatal(err);
      else throw err;
    } finally {
      this.committing = null;
    }
  }

  /**
   * Waits before taking the next batch. Always to the end of this event-loop turn, so the rest
   * of its I/O (SIP messages, RTP digits, API calls) joins the batch: an in-process store (PGlite
   * works synchronously between awaits) would otherwise commit every input alone, since no other
   * I/O runs while it commits. And, right after a commit that took D ms, until 4 × D ms after it
   * (at most the window): a store pays a fixed price per commit (transaction, statements) and
   * little per input, so under load the store gets at most a fifth of the time and the batches
   * grow instead. An idle node, or a fast store, commits at the end of the turn.
   */
  private async gatherBatch(): Promise<void> {
    const window = Math.min(
      this.options.maxCommitWindowMs ?? DEFAULT_MAX_COMMIT_WINDOW_MS,
      this.lastCommitMs * REST_PER_COMMIT_TIME,
    );
    const wait = this.lastCommitEnd + window - performance.now();
    if (wait >= 1) await new Promise<void>((resolve) => setTimeout(resolve, wait));
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private execute(commands: readonly EngineCommand[]): void {
    for (const command of commands) {
      if (isTelephonyCommand(command)) this.options.telephony.execute(command);
      else if (command.type === 'timer.set') {
        const timer = command.timer;
        this.options.timers.set(timer, command.at, () =>
          this.submit({ type: 'timer.fired', timer }),
        );
      } else this.options.timers.cancel(command.timer);
    }
  }
}
