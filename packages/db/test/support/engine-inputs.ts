import {
  createState,
  handle,
  type AdminInput,
  type DomainEvent,
  type EngineInput,
  type EngineState,
  type QueueInput,
} from '@tsunagu/domain';
import { EventStore, type Db } from '../../src/index.js';

/**
 * The real engine without telephony, committed through the real EventStore one input at a
 * time: enough for configuration, agent statuses and restored callbacks. Tests that need calls
 * drive a virtual center in apps/server.
 */
export class CommittedEngine {
  readonly state: EngineState = createState();
  readonly store: EventStore;
  readonly events: DomainEvent[] = [];

  constructor(
    readonly db: Db,
    public now: number = Date.UTC(2026, 0, 5, 0, 0),
  ) {
    this.store = new EventStore(db, this.state);
  }

  /** Handles and commits each input; throws on the first the engine refuses. */
  async run(...inputs: EngineInput[]): Promise<void> {
    for (const input of inputs) {
      const result = handle(this.state, input, this.now);
      if (result.error) throw new Error(`${input.type} refused: ${result.error.code}`);
      await this.store.commit(
        [{ events: result.events, commands: result.commands }],
        this.state.seq,
      );
      this.events.push(...result.events);
    }
  }
}

export const CENTER_ID = 'tokyo';

export function center(id = CENTER_ID): AdminInput {
  return {
    type: 'center.upsert',
    center: {
      id,
      name: 'Tokyo',
      country: 'JP',
      timeZone: 'Asia/Tokyo',
      callerIds: [{ number: '0312345678', label: '' }],
      dispositions: [{ id: 'resolved', label: 'Resolved' }],
    },
  };
}

export function agent(id: string, centerId = CENTER_ID): AdminInput {
  return { type: 'agent.upsert', agent: { id, centerId, name: id } };
}

export function queue(id: string, patch: Partial<QueueInput> = {}): AdminInput {
  return {
    type: 'queue.upsert',
    queue: {
      id,
      centerId: CENTER_ID,
      name: id,
      numbers: [],
      members: [],
      callerId: '0312345678',
      callback: { enabled: true, minWaiting: 1, key: '1' },
      ...patch,
    },
  };
}
