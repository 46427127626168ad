import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../support/test-node.js';

/** One sample of the exposition, by its name and labels as written: `name{a="b"}`. */
function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    if (line.slice(0, at) === series) return Number(line.slice(at + 1));
  }
  return undefined;
}

async function until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Prometheus /metrics', () => {
  let t: TestNode;
  let admin: string;
  beforeAll(async () => {
    t = await startTestNode('pglite');
    admin = await t.login();
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('[SUP-02] is for system admins only: 401 anonymous, 403 supervisor, 200 with an admin session or token', async () => {
    const anonymous = await t.request('GET', '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('CC_ERR_UNAUTHENTICATED');
    const created = await t.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        login: 'sato',
        name: 'Sato',
        password: 'a long supervisor passphrase',
        role: 'supervisor',
        centers: ['tokyo'],
      },
    });
    expect(created.status).toBe(201);
    const supervisor = await t.login('sato', 'a long supervisor passphrase');
    const denied = await t.request('GET', '/metrics', { cookie: supervisor });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('CC_ERR_FORBIDDEN');

    const bySession = await t.request('GET', '/metrics', { cookie: admin });
    expect(bySession.status).toBe(200);
    expect(bySession.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const token = await t.request('POST', '/api/v1/tokens', {
      cookie: admin,
      body: { name: 'prometheus' },
    });
    expect(token.status).toBe(201);
    const byToken = await t.request('GET', '/metrics', { token: token.body.token });
    expect(byToken.status).toBe(200);
    expect(byToken.body).toContain('# TYPE tsunagu_queue_waiting gauge');
  });

  it('[SUP-01] reports queue lengths, oldest wait, agents by presence, calls and callbacks by outcome, commit latency and event-loop delay', async () => {
    const telephony = t.node.virtual;
    const state = t.node.runner.state;
    const scrape = async () => {
      const res = await t.request('GET', '/metrics', { cookie: admin });
      expect(res.status).toBe(200);
      return res.body as string;
    };
    const ok = async (path: string, body: unknown) =>
      expect((await t.request('POST', path, { cookie: admin, body })).status).toBe(200);
    await ok('/api/v1/agents/agent-002/status', { status: 'busy', reason: 'ticket processing' });
    await ok('/api/v1/agents/agent-003/status', { status: 'break' });

    // Three callers wait (nobody is available); the second asks for a callback.
    const legs = ['09011110001', '09011110002', '09011110003'].map((from) =>
      telephony.placeCall(from, '0312345678', { patienceMs: Infinity, talkMs: Infinity }),
    );
    await until(() => state.lines.get('support')?.length === 3, 'three callers in the queue');
    const second = [...state.calls.values()].find((c) => c.customerNumber === '09011110002')!;
    telephony.press(legs[1]!, '1');
    await until(() => second.state === 'menu' && second.pendingCollectId !== null, 'the menu');
    await t.node.runner.flush();
    telephony.press(legs[1]!, '1');
    await until(() => state.callbacks.size === 1, 'the callback request');
    await until(() => !state.calls.has(second.id), 'the request call to end');

    let text = await scrape();
    const q = 'center="tokyo",queue="support"';
    expect(sample(text, `tsunagu_queue_waiting{${q},kind="call"}`)).toBe(2);
    expect(sample(text, `tsunagu_queue_waiting{${q},kind="callback"}`)).toBe(1);
    expect(sample(text, `tsunagu_queue_oldest_wait_seconds{${q}}`)).toBeGreaterThan(0);
    expect(sample(text, 'tsunagu_agents{center="tokyo",presence="busy"}')).toBe(1);
    expect(sample(text, 'tsunagu_agents{center="tokyo",presence="break"}')).toBe(1);
    expect(sample(text, 'tsunagu_agents{center="tokyo",presence="logged-out"}')).toBe(3);
    expect(sample(text, 'tsunagu_agents{center="tokyo",presence="available"}')).toBe(0);
    expect(sample(text, 'tsunagu_calls_live{kind="inbound"}')).toBe(2);
    expect(sample(text, 'tsunagu_calls_total{kind="inbound"}')).toBe(3);
    expect(
      sample(text, 'tsunagu_calls_ended_total{kind="inbound",reason="callback-requested"}'),
    ).toBe(1);
    expect(sample(text, 'tsunagu_callbacks_requested_total{queue="support"}')).toBe(1);
    expect(sample(text, 'tsunagu_callbacks_open{queue="support",state="pending"}')).toBe(1);
    expect(sample(text, 'tsunagu_engine_inputs_total')).toBeGreaterThan(10);
    expect(sample(text, 'tsunagu_engine_events_total')).toBeGreaterThan(10);
    expect(sample(text, 'tsunagu_commit_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'tsunagu_commit_batch_inputs_count')).toBe(
      sample(text, 'tsunagu_commit_duration_seconds_count'),
    );
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tsunagu_draining')).toBe(0);

    // The callback is cancelled (QCB-14 outcome "no callback"); a waiting caller gives up.
    const callbackId = [...state.callbacks.keys()][0]!;
    expect(
      (await t.node.runner.submitDurably({ type: 'callback.cancel', callbackId })).error,
    ).toBeUndefined();
    telephony.hangupFromParty(legs[0]!);
    await until(() => state.lines.get('support')?.length === 1, 'one caller left');
    await t.node.runner.flush();
    text = await scrape();
    expect(
      sample(text, 'tsunagu_callbacks_completed_total{queue="support",outcome="no-callback"}'),
    ).toBe(1);
    expect(sample(text, `tsunagu_queue_waiting{${q},kind="callback"}`)).toBe(0);
    expect(sample(text, `tsunagu_queue_waiting{${q},kind="call"}`)).toBe(1);
    expect(sample(text, 'tsunagu_calls_ended_total{kind="inbound",reason="abandoned"}')).toBe(1);
    telephony.hangupFromParty(legs[2]!);
  });
});
