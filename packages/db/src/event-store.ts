import {
  isManualPresence,
  timerKey,
  type Agent,
  type Center,
  type DomainEvent,
  type EngineCommand,
  type Queue,
  type TimerRef,
} from '@tsunagu/domain';
import type { Db, Queryable } from './db.js';
import { projectEvent } from './projections.js';

/** One engine input's output, committed together with the others of its batch. */
export interface CommitItem {
  readonly events: readonly DomainEvent[];
  readonly commands: readonly EngineCommand[];
}

/** Where config projections read the validated configuration the engine holds. */
export interface ConfigSource {
  readonly centers: ReadonlyMap<string, Center>;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly agents: ReadonlyMap<string, Agent>;
}

/** Timers that must outlive the process; ring timers and announcements die with the media. */
const DURABLE_TIMERS: ReadonlySet<TimerRef['kind']> = new Set([
  'callback-retry',
  'callback-due',
  'max-wait',
  'wrap-up-end',
]);

export function isDurableTimer(timer: TimerRef): boolean {
  return DURABLE_TIMERS.has(timer.kind);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Appends events and applies them to the tables they change, in one transaction per batch
 * (DESIGN.md durability rules). Returns the ids given to the events, in order; ids grow in
 * commit order because one node commits one batch at a time.
 */
export class EventStore {
  constructor(
    private readonly db: Db,
    private readonly config: ConfigSource,
  ) {}

  async commit(items: readonly CommitItem[], engineSeq: number): Promise<number[]> {
    const events = items.flatMap((i) => i.events);
    const commands = items.flatMap((i) => i.commands);
    return this.db.transaction(async (tx) => {
      const ids = await this.appendEvents(tx, events);
      for (const event of events) await projectEvent(tx, event, this.config);
      await this.persistTimers(tx, commands);
      await tx.query(`UPDATE engine_meta SET value = GREATEST(value, $1) WHERE key = 'seq'`, [
        engineSeq,
      ]);
      return ids;
    });
  }

  private async appendEvents(tx: Queryable, events: readonly DomainEvent[]): Promise<number[]> {
    if (events.length === 0) return [];
    const allocated = await tx.query<{ id: number }>(
      `SELECT nextval('events_id_seq')::bigint AS id FROM generate_series(1, $1::int)`,
      [events.length],
    );
    const ids = allocated.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    const rows = events.map((e, i) => {
      const data = e as unknown as Record<string, unknown>;
      return {
        id: ids[i],
        at: new Date(e.at).toISOString(),
        type: e.type,
        center_id: str(data.centerId),
        queue_id: str(data.queueId),
        call_id: str(data.callId),
        agent_id: str(data.agentId),
        data: e,
      };
    });
    await tx.query(
      `INSERT INTO events (id, at, type, center_id, queue_id, call_id, agent_id, data)
       SELECT id, at, type, center_id, queue_id, call_id, agent_id, data
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, at timestamptz, type text,
         center_id text, queue_id text, call_id text, agent_id text, data jsonb)`,
      [JSON.stringify(rows)],
    );
    return ids;
  }

  private async persistTimers(tx: Queryable, commands: readonly EngineCommand[]): Promise<void> {
    for (const c of commands) {
      if (c.type === 'timer.set' && isDurableTimer(c.timer)) {
        await tx.query(
          `INSERT INTO scheduled_jobs (key, kind, due_at, timer) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, timer = EXCLUDED.timer`,
          [timerKey(c.timer), c.timer.kind, new Date(c.at), JSON.stringify(c.timer)],
        );
      } else if (c.type === 'timer.cancel' && isDurableTimer(c.timer)) {
        await tx.query('DELETE FROM scheduled_jobs WHERE key = $1', [timerKey(c.timer)]);
      }
    }
  }
}

export { isManualPresence };
