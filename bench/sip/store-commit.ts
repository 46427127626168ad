/**
 * `node --import tsx bench/sip/store-commit.ts [--database-url URL]`: the event store alone, fed
 * the events and durable timers of queue-join calls (created, routed, queued, hold music, hung
 * up) in commits of 1, 2, 4, 8, 16 and 32 calls. Shows the cost of one commit and of one call,
 * which is what decides the SIP benchmark's call rate on PGlite.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { DomainEvent, EngineCommand, TimerRef } from '@tsunagu/domain';
import { EventStore, openDb } from '@tsunagu/db';

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, calls: { type: 'string', default: '2000' } },
});
const db = await openDb({ url: values['database-url'], dataDir: 'memory://' });
const empty = new Map();
const store = new EventStore(db, { centers: empty, queues: empty, agents: empty });

/** One queue-join call: what the engine emits from INVITE to BYE (two commits' worth). */
function call(i: number, at: number): { events: DomainEvent[]; commands: EngineCommand[] }[] {
  const callId = `call-${i}`;
  const entryId = `entry-${i}`;
  const timer = { kind: 'max-wait', entryId } as unknown as TimerRef;
  const q = { queueId: 'support', entryId, callId };
  return [
    {
      events: [
        {
          type: 'call.created',
          at,
          callId,
          kind: 'inbound',
          centerId: 'tokyo',
          customerNumber: '0901234567',
          ourNumber: '0312345678',
          queueId: 'support',
          callbackId: null,
        },
        { type: 'call.state-changed', at, callId, from: 'arriving', to: 'routing' },
        {
          type: 'queue.joined',
          at,
          ...q,
          callbackId: null,
          firstJoinedAt: at,
          position: i,
          estimatedWaitMs: null,
        },
        { type: 'call.state-changed', at, callId, from: 'routing', to: 'queued' },
        { type: 'queue.entered-hold', at, ...q },
      ] as DomainEvent[],
      commands: [{ type: 'timer.set', timer, at: at + 600_000 }] as EngineCommand[],
    },
    {
      events: [
        {
          type: 'queue.left',
          at: at + 3000,
          queueId: 'support',
          entryId,
          reason: 'abandoned',
          firstJoinedAt: at,
          waitMs: 3000,
          wasCallback: false,
        },
        {
          type: 'call.ended',
          at: at + 3000,
          callId,
          kind: 'inbound',
          reason: 'caller-hangup',
          agentId: null,
          queueId: 'support',
        },
      ] as DomainEvent[],
      commands: [{ type: 'timer.cancel', timer }] as EngineCommand[],
    },
  ];
}

const total = Number(values.calls);
let seq = 0;
for (const perCommit of [1, 2, 4, 8, 16, 32]) {
  let n = 0;
  const started = performance.now();
  let commits = 0;
  for (let i = 0; i < total; i += perCommit) {
    const calls = Array.from({ length: perCommit }, () =>
      call(seq++ + perCommit * 1e6, Date.now()),
    );
    // Joins in one commit, hang-ups in the next, as they arrive seconds apart.
    for (const part of [0, 1]) {
      await store.commit(
        calls.map((c) => c[part]!),
        seq,
      );
      commits += 1;
    }
    n += perCommit;
  }
  const ms = performance.now() - started;
  process.stdout.write(
    `${String(perCommit).padStart(2)} calls per commit: ${(ms / commits).toFixed(2)} ms per commit, ` +
      `${(ms / n).toFixed(2)} ms per call → ${Math.round((n / ms) * 1000)} calls/s on one core\n`,
  );
}
await db.close();
