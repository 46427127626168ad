import {
  timerKey,
  type Agent,
  type Center,
  type DomainEvent,
  type EngineCommand,
  type Queue,
  type TimerRef,
} from '@tsunagu/domain';
import type { Db, Statement } from './db.js';
import { projectBatch } from './batch-projections.js';
import { EventIdPool } from './event-ids.js';

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

const EVENT_COLUMNS = `id bigint, at timestamptz, type text, center_id text, queue_id text,
  call_id text, agent_id text, our_number text, data jsonb`;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Who an event concerns, for filtering streams and webhooks by what a user may see (SUP-02):
 * many events name no center (call.state-changed carries only its call id), so the node
 * resolves it from its engine state when the event is committed.
 */
export interface EventScope {
  readonly centerId: string | null;
  /** The agent the event concerns: its own agentId, else the agent on the call. */
  readonly agentId: string | null;
  /** The center number (caller ID) of the call or callback the event is about. */
  readonly ourNumber: string | null;
}

export interface EventStoreOptions {
  /** Resolves each event's scope, in commit order; without it only the event's own fields count. */
  readonly scope?: (event: DomainEvent) => EventScope | null;
}

/**
 * Appends events and applies them to the tables they change, in one transaction per batch
 * (DESIGN.md durability rules), sent as one script: on a PostgreSQL server a commit is one round
 * trip. Returns the ids given to the events, in order; ids grow in commit order because one node
 * commits one batch at a time.
 */
export class EventStore {
  private readonly eventIds: EventIdPool;

  constructor(
    private readonly db: Db,
    private readonly config: ConfigSource,
    private readonly options: EventStoreOptions = {},
  ) {
    this.eventIds = new EventIdPool(db);
  }

  async commit(items: readonly CommitItem[], engineSeq: number): Promise<number[]> {
    const events = items.flatMap((i) => i.events);
    const commands = items.flatMap((i) => i.commands);
    const ids = await this.eventIds.take(events.length);
    await this.db.runScript([
      ...this.appendEvents(events, ids),
      ...projectBatch(events, this.config),
      ...timerStatements(commands, engineSeq),
    ]);
    return ids;
  }

  private appendEvents(events: readonly DomainEvent[], ids: readonly number[]): Statement[] {
    if (events.length === 0) return [];
    const rows = events.map((e, i) => {
      const data = e as unknown as Record<string, unknown>;
      const scope = this.options.scope?.(e) ?? null;
      return {
        id: ids[i],
        at: new Date(e.at).toISOString(),
        type: e.type,
        center_id: scope?.centerId ?? str(data.centerId),
        queue_id: str(data.queueId),
        call_id: str(data.callId),
        agent_id: scope?.agentId ?? str(data.agentId),
        our_number: scope?.ourNumber ?? null,
        data: e,
      };
    });
    // A call the node no longer knows (ended by recovery) takes its center from its row. The
    // webhook deliveries an event matches are queued in the same statement, so a committed
    // event is never lost to a crash between commit and enqueue (BEY-04).
    // The join costs planning time on every commit, so it is left out when no row needs it.
    const unscoped = rows.some((r) => r.center_id === null && r.call_id !== null);
    const scoped = unscoped
      ? `SELECT r.id, r.at, r.type, COALESCE(r.center_id, c.center_id) AS center_id, r.queue_id,
                r.call_id, r.agent_id, COALESCE(r.our_number, c.our_number) AS our_number, r.data
         FROM jsonb_to_recordset($1::jsonb) AS r(${EVENT_COLUMNS})
         LEFT JOIN calls c ON r.center_id IS NULL AND c.id = r.call_id`
      : `SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${EVENT_COLUMNS})`;
    return [
      {
        sql: `WITH scoped AS (${scoped}), inserted AS (
         INSERT INTO events (id, at, type, center_id, queue_id, call_id, agent_id, our_number, data)
         SELECT id, at, type, center_id, queue_id, call_id, agent_id, our_number, data FROM scoped
         RETURNING id, type, center_id
       )
       INSERT INTO webhook_deliveries (webhook_id, event_id)
       SELECT w.id, e.id FROM inserted e
       JOIN webhooks w ON w.center_id = e.center_id AND w.active
         AND (w.event_types IS NULL OR e.type = ANY (w.event_types)
              OR split_part(e.type, '.', 1) || '.*' = ANY (w.event_types))
       ORDER BY e.id`,
        params: [JSON.stringify(rows)],
      },
    ];
  }
}

/**
 * Durable timers and the engine sequence: per timer key only the batch's last set or cancel
 * matters, so the sets and the cancels never name the same key.
 */
function timerStatements(commands: readonly EngineCommand[], engineSeq: number): Statement[] {
  const last = new Map<string, EngineCommand>();
  for (const c of commands) {
    if ((c.type === 'timer.set' || c.type === 'timer.cancel') && isDurableTimer(c.timer)) {
      const key = timerKey(c.timer);
      last.delete(key); // re-inserting keeps the map in the order of the last command
      last.set(key, c);
    }
  }
  const sets: { key: string; kind: string; due_at: Date; timer: TimerRef }[] = [];
  const cancels: string[] = [];
  for (const [key, c] of last) {
    if (c.type === 'timer.set')
      sets.push({ key, kind: c.timer.kind, due_at: new Date(c.at), timer: c.timer });
    else cancels.push(key);
  }
  // Plain statements, each only when needed: PGlite plans every statement afresh, and one
  // statement with CTEs for all three cost more to plan than these.
  const out: Statement[] = [
    {
      sql: `UPDATE engine_meta SET value = GREATEST(value, $1::bigint) WHERE key = 'seq'`,
      params: [engineSeq],
    },
  ];
  if (cancels.length > 0)
    out.push({ sql: 'DELETE FROM scheduled_jobs WHERE key = ANY($1::text[])', params: [cancels] });
  if (sets.length > 0) {
    const values = sets.map(
      (_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}::timestamptz, $${4 * i + 4}::jsonb)`,
    );
    out.push({
      sql: `INSERT INTO scheduled_jobs (key, kind, due_at, timer) VALUES ${values.join(', ')}
         ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, timer = EXCLUDED.timer`,
      params: sets.flatMap((t) => [t.key, t.kind, t.due_at, JSON.stringify(t.timer)]),
    });
  }
  return out;
}
