import {
  VirtualScheduler,
  VirtualTelephony,
  type VirtualTelephonyOptions,
} from '@tsunagu/telephony';
import type { DomainEvent } from '@tsunagu/domain';
import { EngineRunner } from './engine-runner.js';
import { VirtualTimers } from './timers.js';

/**
 * The engine on virtual telephony and a virtual clock: what tests, demos and the simulator
 * run. Everything is deterministic for a given sequence of inputs.
 */
export interface VirtualCenter {
  readonly scheduler: VirtualScheduler;
  readonly telephony: VirtualTelephony;
  readonly timers: VirtualTimers;
  readonly runner: EngineRunner;
  /** Every event, when `record` is on. */
  readonly events: DomainEvent[];
}

export function createVirtualCenter(
  options: { startAt?: number; record?: boolean; telephony?: VirtualTelephonyOptions } = {},
): VirtualCenter {
  const scheduler = new VirtualScheduler(options.startAt ?? Date.UTC(2026, 0, 5, 0, 0));
  const telephony = new VirtualTelephony(scheduler, options.telephony);
  const timers = new VirtualTimers(scheduler);
  const events: DomainEvent[] = [];
  const runner = new EngineRunner({
    telephony,
    timers,
    clock: scheduler,
    sinks: options.record === false ? [] : [(batch) => void events.push(...batch)],
  });
  return { scheduler, telephony, timers, runner, events };
}
