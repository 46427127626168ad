import type {
  AdminInput,
  Center,
  DomainEvent,
  ManualPresence,
  Queue,
  StoredCallback,
} from '@tsunagu/domain';
import type { Db } from './db.js';
import type { ConfigSource } from './event-store.js';
import { EventStore } from './event-store.js';

/** What a node reads back after a restart (DESIGN.md: rebuild from the database). */
export interface RecoveryPlan {
  /** Configuration in an order the engine accepts (centers, agents, queues). */
  readonly config: AdminInput[];
  /** The status each agent last chose. */
  readonly presences: { agentId: string; status: ManualPresence; reason: string | null }[];
  /** Open callback requests, in their queue order. */
  readonly callbacks: StoredCallback[];
  /** Calls the database still thinks are live: their media died with the process. */
  readonly deadCalls: {
    id: string;
    kind: string;
    queueId: string | null;
    agentId: string | null;
  }[];
  readonly engineSeq: number;
}

const ms = (d: Date | string | null): number | null => (d === null ? null : new Date(d).getTime());

export async function readRecoveryPlan(db: Db): Promise<RecoveryPlan> {
  const centers = await db.query<{ data: Center }>('SELECT data FROM centers ORDER BY id');
  const agents = await db.query<{
    id: string;
    data: object;
    manual_presence: string;
    manual_reason: string | null;
  }>('SELECT id, data, manual_presence, manual_reason FROM agents ORDER BY id');
  const queues = await db.query<{ data: Queue }>('SELECT data FROM queues ORDER BY id');
  const config: AdminInput[] = [
    ...centers.rows.map((r) => ({ type: 'center.upsert', center: r.data }) as AdminInput),
    ...agents.rows.map((r) => ({ type: 'agent.upsert', agent: r.data }) as AdminInput),
    ...queueOrder(queues.rows.map((r) => r.data)).map(
      (queue) => ({ type: 'queue.upsert', queue }) as AdminInput,
    ),
  ];
  const callbacks = await db.query<{
    id: string;
    center_id: string;
    queue_id: string;
    number: string;
    caller_id: string;
    request_call_id: string;
    requested_at: Date;
    first_joined_at: Date;
    seq: number;
    due_at: Date | null;
    attempts: number;
  }>(
    `SELECT id, center_id, queue_id, number, caller_id, request_call_id, requested_at, first_joined_at,
            seq, due_at, attempts
     FROM callbacks WHERE outcome IS NULL ORDER BY first_joined_at, seq`,
  );
  const dead = await db.query<{
    id: string;
    kind: string;
    queue_id: string | null;
    agent_id: string | null;
  }>('SELECT id, kind, queue_id, agent_id FROM calls WHERE ended_at IS NULL ORDER BY created_at');
  const meta = await db.query<{ value: number }>(`SELECT value FROM engine_meta WHERE key = 'seq'`);
  return {
    config,
    presences: agents.rows
      .filter((r) => r.manual_presence !== 'logged-out')
      .map((r) => ({
        agentId: r.id,
        status: r.manual_presence as ManualPresence,
        reason: r.manual_reason,
      })),
    callbacks: callbacks.rows.map((r) => ({
      id: r.id,
      centerId: r.center_id,
      queueId: r.queue_id,
      number: r.number,
      callerId: r.caller_id,
      requestCallId: r.request_call_id,
      requestedAt: ms(r.requested_at)!,
      firstJoinedAt: ms(r.first_joined_at)!,
      seq: Number(r.seq),
      dueAt: ms(r.due_at),
      attempts: r.attempts,
    })),
    deadCalls: dead.rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      queueId: r.queue_id,
      agentId: r.agent_id,
    })),
    engineSeq: Number(meta.rows[0]?.value ?? 0),
  };
}

/**
 * Queues that fall back to another queue come after it; a cycle (A falls back to B and B to
 * A) is broken by upserting the rest first, then the cycle's members again.
 */
function queueOrder(queues: Queue[]): Queue[] {
  const byId = new Map(queues.map((q) => [q.id, q]));
  const done = new Set<string>();
  const out: Queue[] = [];
  const targets = (q: Queue) =>
    [q.fallback, q.afterHours].flatMap((r) =>
      r.kind === 'queue' && byId.has(r.queueId) ? [r.queueId] : [],
    );
  for (let progress = true; progress;) {
    progress = false;
    for (const q of queues) {
      if (done.has(q.id) || !targets(q).every((t) => done.has(t) || t === q.id)) continue;
      out.push(q);
      done.add(q.id);
      progress = true;
    }
  }
  const cyclic = queues.filter((q) => !done.has(q.id));
  const hangup = { kind: 'hangup' } as const;
  return [
    ...out,
    ...cyclic.map((q) => ({ ...q, fallback: hangup, afterHours: hangup })),
    ...cyclic,
  ];
}

/**
 * Ends, with reason media-lost, the calls that were live when the process died, and drops the
 * dead process's durable timers. Call it before restoring callbacks (their timers come back).
 */
export async function endDeadCalls(
  db: Db,
  plan: RecoveryPlan,
  now: number,
  config: ConfigSource,
): Promise<number> {
  // Timers of the dead process refer to entries and offers that no longer exist; the requests
  // restored after this set their own again. So this runs before any restore.
  await db.query('DELETE FROM scheduled_jobs');
  if (plan.deadCalls.length === 0) return 0;
  const events: DomainEvent[] = plan.deadCalls.map((c) => ({
    type: 'call.ended',
    at: now,
    callId: c.id,
    kind: c.kind as 'inbound' | 'callback' | 'outbound',
    reason: 'media-lost',
    agentId: c.agentId,
    queueId: c.queueId,
  }));
  await new EventStore(db, config).commit([{ events, commands: [] }], plan.engineSeq);
  return events.length;
}
