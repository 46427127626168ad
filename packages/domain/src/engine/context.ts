import type { DomainEvent } from '../io/events.js';
import type { EngineCommand } from '../io/commands.js';
import type { EngineState } from './state.js';
import type { QueueEntry } from '../model/entry.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewEvent = DistributiveOmit<DomainEvent, 'at'>;

/** One `handle()` call in progress: the state, the time, and what it produced so far. */
export class Ctx {
  readonly events: DomainEvent[] = [];
  readonly commands: EngineCommand[] = [];
  /** Set when work or agents may have become free: routing runs before returning. */
  needsDispatch = false;
  /** Entries offered straight from arrival (HQ-01); any left without an offer go on hold. */
  readonly unrouted: QueueEntry[] = [];

  constructor(
    readonly s: EngineState,
    readonly now: number,
  ) {}

  emit(event: NewEvent): void {
    (event as unknown as { at: number }).at = this.now;
    this.events.push(event as DomainEvent);
  }

  command(command: EngineCommand): void {
    this.commands.push(command);
  }

  /** Deterministic ids from the state's own sequence: replay gives the same ids. */
  id(prefix: string): string {
    this.s.seq += 1;
    return `${prefix}-${this.s.seq.toString(36)}`;
  }
}
