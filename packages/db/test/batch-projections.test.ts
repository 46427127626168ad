import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPresence, CallState, DomainEvent } from '@tsunagu/domain';
import { projectBatch } from '../src/batch-projections.js';
import { projectEvent } from '../src/projections.js';
import type { Db, Statement } from '../src/index.js';
import type { ConfigSource } from '../src/event-store.js';
import { TEST_DATABASES } from './support/databases.js';

const T0 = Date.UTC(2026, 0, 5, 0, 0);
const CALLS = ['c1', 'c2', 'c3'];
const AGENTS = ['a1', 'a2'];
const STATES: CallState[] = ['arriving', 'routing', 'queued', 'ringing', 'connected'] as never;
const PRESENCES: AgentPresence[] = ['available', 'busy', 'break', 'ringing', 'on-call', 'wrap-up'];
const config: ConfigSource = { centers: new Map(), queues: new Map(), agents: new Map() };

const call = fc.constantFrom(...CALLS);
const agentId = fc.constantFrom(...AGENTS);
const at = fc.integer({ min: 0, max: 3_600_000 }).map((ms) => T0 + ms);
const event: fc.Arbitrary<DomainEvent> = fc.oneof(
  fc.record({
    type: fc.constant('call.created' as const),
    at,
    callId: call,
    kind: fc.constantFrom('inbound' as const, 'outbound' as const),
    centerId: fc.constant('tokyo'),
    customerNumber: fc.constantFrom('0901', '0902'),
    ourNumber: fc.constant('0312345678'),
    queueId: fc.constantFrom('support', null),
    callbackId: fc.constantFrom('cb1', null),
  }),
  fc.record({
    type: fc.constant('call.state-changed' as const),
    at,
    callId: call,
    from: fc.constantFrom(...STATES),
    to: fc.constantFrom(...STATES),
  }),
  fc.record({
    type: fc.constant('call.connected' as const),
    at,
    callId: call,
    agentId,
    queueId: fc.constant('support'),
    waitMs: fc.nat(100_000),
  }),
  fc.record({
    type: fc.constant('call.ended' as const),
    at,
    callId: call,
    kind: fc.constant('inbound' as const),
    reason: fc.constantFrom('caller-hangup' as const, 'agent-hangup' as const),
    agentId: fc.constantFrom('a1', 'a2', null),
    queueId: fc.constant(null),
  }),
  fc.record({
    type: fc.constant('call.disposition-set' as const),
    at,
    callId: call,
    agentId,
    dispositionId: fc.constantFrom('resolved', 'escalated'),
  }),
  fc.record({
    type: fc.constant('agent.status-changed' as const),
    at,
    agentId,
    from: fc.constantFrom(...PRESENCES),
    to: fc.constantFrom(...PRESENCES),
    reason: fc.constantFrom('lunch', null),
  }),
  fc.record({ type: fc.constant('config.agent-changed' as const), at, agentId }),
) as fc.Arbitrary<DomainEvent>;

/** Rows that may exist before the batch: a call row, so creates conflict and updates land. */
const existing = fc.subarray(CALLS);

async function reset(db: Db, calls: readonly string[]): Promise<void> {
  await db.query('TRUNCATE calls, agent_status_log, agents, centers CASCADE');
  await db.query(`INSERT INTO centers (id, data, updated_at) VALUES ('tokyo', '{}', now())`);
  for (const id of AGENTS)
    await db.query(`INSERT INTO agents (id, center_id, data) VALUES ($1, 'tokyo', '{}')`, [id]);
  for (const id of calls)
    await db.query(
      `INSERT INTO calls (id, center_id, kind, customer_number, our_number, state, created_at)
       VALUES ($1, 'tokyo', 'inbound', '0999', '0312345678', 'queued', $2)`,
      [id, new Date(T0 - 1_000)],
    );
}

async function snapshot(db: Db): Promise<unknown> {
  const calls = await db.query('SELECT * FROM calls ORDER BY id');
  const agents = await db.query(
    'SELECT id, presence, reason, presence_since, manual_presence, manual_reason FROM agents ORDER BY id',
  );
  const log = await db.query(
    'SELECT agent_id, at, from_state, to_state, reason FROM agent_status_log ORDER BY id',
  );
  return { calls: calls.rows, agents: agents.rows, log: log.rows };
}

describe.each(TEST_DATABASES)('projections folded per batch on $name', (database) => {
  let oneByOne: Db;
  let batched: Db;
  beforeAll(async () => {
    [oneByOne, batched] = await Promise.all([database.open(), database.open()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([oneByOne?.close(), batched?.close()]);
  });

  it('leave exactly the rows that projecting each event on its own leaves', async () => {
    await fc.assert(
      fc.asyncProperty(
        existing,
        fc.array(event, { maxLength: 14 }),
        fc.array(fc.nat(14), { maxLength: 3 }),
        async (before, events, cuts) => {
          await Promise.all([reset(oneByOne, before), reset(batched, before)]);
          await oneByOne.transaction(async (tx) => {
            for (const e of events) {
              const statements: Statement[] = [];
              projectEvent(e, config, statements);
              for (const s of statements) await tx.query(s.sql, s.params);
            }
          });
          // Several commits in a row, as the group commit cuts them.
          const bounds = [...new Set([0, ...cuts.filter((c) => c < events.length), events.length])];
          bounds.sort((a, b) => a - b);
          for (let i = 0; i + 1 < bounds.length; i++) {
            await batched.runScript(projectBatch(events.slice(bounds[i], bounds[i + 1]), config));
          }
          expect(await snapshot(batched)).toEqual(await snapshot(oneByOne));
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
