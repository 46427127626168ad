import {
  newCallbackTally,
  newServiceLevelTally,
  tallyCallback,
  tallyServiceLevel,
  type CallbackTally,
  type DomainEvent,
  type ServiceLevelTally,
} from '@tsunagu/domain';
import { OrderInversions } from './order-inversions.js';
import { EwtAccuracy } from './ewt-accuracy.js';
import { AgentTime } from './agent-time.js';
import { CallbackCapacity } from './callback-capacity.js';

/**
 * Folds the run's events as they are produced, into the domain's report tallies and the
 * simulator's own measures. Nothing is kept per event: only live interactions and, for the
 * wait-estimate median, one number per caller who waited on hold.
 */
export class MetricsCollector {
  readonly serviceLevel: ServiceLevelTally;
  readonly callbacks: CallbackTally = newCallbackTally();
  readonly inversions = new OrderInversions();
  readonly ewt = new EwtAccuracy();
  readonly callbackCapacity = new CallbackCapacity();
  readonly agentTime: AgentTime;
  ignoredInputs = 0;

  constructor(options: {
    thresholds: ReadonlyMap<string, number>;
    shortAbandonSec: number;
    windowStart: number;
    windowEnd: number;
  }) {
    this.serviceLevel = newServiceLevelTally({
      thresholds: options.thresholds,
      shortAbandonSec: options.shortAbandonSec,
    });
    this.agentTime = new AgentTime(options.windowStart, options.windowEnd);
  }

  /** An engine-runner event sink. */
  readonly sink = (events: readonly DomainEvent[]): void => {
    for (let i = 0; i < events.length; i += 1) this.add(events[i]!);
    // One batch is one input's events: the state between batches is consistent.
    this.callbackCapacity.checkpoint();
  };

  /**
   * Each event goes only to the measures that read it: most events (leg and call state
   * changes, announcements) matter to none, and this runs millions of times a run. A measure
   * that starts reading another event type must be listed here; the simulation tests compare
   * the streamed figures with the domain reducers over the full event list.
   */
  add(event: DomainEvent): void {
    switch (event.type) {
      case 'agent.status-changed':
        this.agentTime.add(event);
        this.inversions.add(event);
        this.callbackCapacity.add(event);
        return;
      case 'queue.joined':
        tallyServiceLevel(this.serviceLevel, event);
        this.inversions.add(event);
        this.callbackCapacity.add(event);
        return;
      case 'queue.left':
        tallyServiceLevel(this.serviceLevel, event);
        this.inversions.add(event);
        this.ewt.add(event);
        this.callbackCapacity.add(event);
        return;
      case 'queue.announced':
        this.ewt.add(event);
        return;
      case 'queue.assigned':
      case 'offer.created':
      case 'offer.accepted':
      case 'offer.missed':
      case 'offer.withdrawn':
      case 'callback.state-changed':
        this.inversions.add(event);
        this.callbackCapacity.add(event);
        return;
      case 'callback.requested':
        tallyServiceLevel(this.serviceLevel, event);
        tallyCallback(this.callbacks, event);
        this.inversions.add(event);
        this.callbackCapacity.add(event);
        return;
      case 'callback.completed':
        tallyServiceLevel(this.serviceLevel, event);
        tallyCallback(this.callbacks, event);
        return;
      case 'call.created':
      case 'call.ended':
        tallyCallback(this.callbacks, event);
        return;
      case 'engine.input-ignored':
        this.ignoredInputs += 1;
        return;
      default:
        return;
    }
  }
}
