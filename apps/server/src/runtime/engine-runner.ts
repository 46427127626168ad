import {
  createState,
  handle,
  isTelephonyCommand,
  type DomainEvent,
  type EngineInput,
  type EngineState,
  type HandleResult,
} from '@tsunagu/domain';
import type { Clock, TelephonyPort } from '@tsunagu/telephony';
import type { TimerService } from './timers.js';

/** Receives each input's events before its commands run (the durability rule). */
export type EventSink = (events: readonly DomainEvent[], input: EngineInput) => void;

export interface EngineRunnerOptions {
  readonly telephony: TelephonyPort;
  readonly timers: TimerService;
  readonly clock: Clock;
  readonly sinks?: readonly EventSink[];
  readonly state?: EngineState;
}

/**
 * Drives the pure engine: one input at a time, time from the clock, events to the sinks
 * first (they commit), then commands to telephony and timers. Inputs that arrive while one
 * is being handled wait their turn, so the engine never runs re-entrantly.
 */
export class EngineRunner {
  readonly state: EngineState;
  private readonly backlog: EngineInput[] = [];
  private busy = false;
  private readonly sinks: EventSink[];
  inputsHandled = 0;
  eventsEmitted = 0;

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

  private run(input: EngineInput): HandleResult {
    const result = handle(this.state, input, this.options.clock.now());
    this.inputsHandled += 1;
    if (result.events.length > 0) {
      this.eventsEmitted += result.events.length;
      for (const sink of this.sinks) sink(result.events, input);
    }
    for (const command of result.commands) {
      if (isTelephonyCommand(command)) this.options.telephony.execute(command);
      else if (command.type === 'timer.set') {
        const timer = command.timer;
        this.options.timers.set(timer, command.at, () =>
          this.submit({ type: 'timer.fired', timer }),
        );
      } else this.options.timers.cancel(command.timer);
    }
    return result;
  }
}
