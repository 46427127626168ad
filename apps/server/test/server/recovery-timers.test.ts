import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestNode, TEST_BACKENDS } from '../support/test-node.js';
import { freshPostgresUrl } from '../../../../packages/db/test/support/databases.js';

async function until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(TEST_BACKENDS)('durable timers across a restart on %s', (backend) => {
  it('[QCB-09] a restored callback request keeps its maximum wait: its expiry is scheduled again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-timers-'));
    const store: Record<string, string> =
      backend === 'postgres'
        ? { 'database-url': await freshPostgresUrl() }
        : { 'data-dir': join(dir, 'pglite') };
    const first = await startTestNode(backend, store);
    const telephony = first.node.virtual;
    const state = first.node.runner.state;
    const leg = telephony.placeCall('09011110001', '0312345678', {
      patienceMs: Infinity,
      talkMs: Infinity,
    });
    await until(() => state.lines.get('support')?.length === 1, 'the caller in the queue');
    const callId = state.lines.get('support')![0]!.callId!;
    telephony.press(leg, '1');
    await until(() => state.calls.get(callId)?.pendingCollectId != null, 'the menu');
    await first.node.runner.flush();
    telephony.press(leg, '1');
    await until(() => !state.calls.has(callId), 'the request call to end');
    // Another caller is still waiting when the node goes down: a dead call for the restart.
    telephony.placeCall('09011110002', '0312345678', { patienceMs: Infinity, talkMs: Infinity });
    await until(() => state.lines.get('support')?.length === 2, 'the second caller');
    await first.node.runner.flush();
    await first.stop();

    const second = await startTestNode(backend, store);
    try {
      const line = second.node.runner.state.lines.get('support')!;
      expect(line.map((e) => e.callbackId !== null)).toEqual([true]);
      const dead = await second.node.db.query<{ end_reason: string }>(
        `SELECT end_reason FROM calls WHERE customer_number = '09011110002'`,
      );
      expect(dead.rows).toEqual([{ end_reason: 'media-lost' }]);
      const jobs = await second.node.db.query<{ key: string }>('SELECT key FROM scheduled_jobs');
      expect(jobs.rows.map((r) => r.key)).toContain(`max-wait:${line[0]!.id}`);
    } finally {
      await second.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
