import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@tsunagu/db';
import {
  sees,
  type Audience,
  type ScopedEvent,
} from '../../../../packages/api/src/events/audience.js';
import { readEvents } from '../../../../packages/api/src/events/messages.js';
import { EVENT_FAMILIES, EVENT_TYPES } from '../../../../packages/api/src/events/types.js';
import { TEST_DATABASES } from '../../../../packages/db/test/support/databases.js';

const CENTERS = ['a', 'b', 'c'];
const AGENTS = ['x', 'y'];
const NUMBERS = ['1', '2', '3'];

const rowArb = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  centerId: fc.constantFrom(null, ...CENTERS),
  agentId: fc.constantFrom(null, ...AGENTS),
  ourNumber: fc.constantFrom(null, ...NUMBERS),
});

const subset = <T>(xs: T[]) => fc.subarray(xs);
const audienceArb: fc.Arbitrary<Audience> = fc.record({
  centers: fc.oneof(fc.constant('all' as const), subset(CENTERS)),
  numbers: fc.oneof(fc.constant('all' as const), subset(NUMBERS)),
  personal: fc.oneof(fc.constant(null), fc.record({ agentId: fc.constantFrom(null, ...AGENTS) })),
  types: fc.oneof(
    fc.constant(null),
    fc.record({
      exact: subset([...EVENT_TYPES] as string[]),
      families: subset([...EVENT_FAMILIES]),
    }),
  ),
});

describe.each(TEST_DATABASES)('event visibility rules on $name', (database) => {
  let db: Db;
  const rows: (ScopedEvent & { id: number })[] = [];
  beforeAll(async () => {
    db = await database.open();
    const generated = fc.sample(rowArb, { numRuns: 400, seed: 7 });
    generated.forEach((r, i) => rows.push({ ...r, id: i + 1 }));
    await db.query(
      `INSERT INTO events (id, at, type, center_id, agent_id, our_number, data)
       SELECT id, now(), type, center_id, agent_id, our_number,
              jsonb_build_object('type', type, 'at', 0)
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, type text, center_id text,
         agent_id text, our_number text)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            type: r.type,
            center_id: r.centerId,
            agent_id: r.agentId,
            our_number: r.ourNumber,
          })),
        ),
      ],
    );
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('[SUP-02] the SQL filter of a replay keeps exactly the events the live filter shows', async () => {
    await fc.assert(
      fc.asyncProperty(audienceArb, fc.integer({ min: 0, max: 400 }), async (audience, after) => {
        const fromTable = await readEvents(db, audience, after, 1000);
        const live = rows.filter((r) => r.id > after && sees(audience, r)).map((r) => r.id);
        expect(fromTable.map((m) => m.message.id)).toEqual(live);
      }),
      { numRuns: 150 },
    );
  });

  it('[SUP-02] hides events of other centers, other numbers and, from agents, other agents', () => {
    const base: Audience = { centers: ['a'], numbers: ['1'], personal: null, types: null };
    const e = (over: Partial<ScopedEvent>): ScopedEvent => ({
      type: 'call.ended',
      centerId: 'a',
      agentId: 'x',
      ourNumber: '1',
      ...over,
    });
    expect(sees(base, e({}))).toBe(true);
    expect(sees(base, e({ centerId: 'b' }))).toBe(false);
    expect(sees(base, e({ centerId: null }))).toBe(false);
    expect(sees({ ...base, centers: 'all' }, e({ centerId: null }))).toBe(true);
    expect(sees(base, e({ ourNumber: '2' }))).toBe(false);
    expect(sees(base, e({ ourNumber: null }))).toBe(true);
    const agentX = { ...base, personal: { agentId: 'x' } };
    expect(sees(agentX, e({}))).toBe(true);
    expect(sees(agentX, e({ agentId: 'y' }))).toBe(false);
    expect(sees(agentX, e({ agentId: null }))).toBe(false);
    expect(sees(agentX, e({ type: 'agent.status-changed', agentId: 'y' }))).toBe(true);
    expect(sees({ ...agentX, personal: { agentId: null } }, e({ agentId: null }))).toBe(false);
    expect(sees({ ...base, types: { exact: [], families: ['agent'] } }, e({}))).toBe(false);
  });
});
