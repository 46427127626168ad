import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '@tsunagu/api';
import { startTestNode, TEST_BACKENDS, type TestNode } from '../support/test-node.js';
import { openStream, refusedWith, toggleStatus, userCookie } from './events-support.js';

describe.each(TEST_BACKENDS)('who may open the event stream, on %s', (backend) => {
  let t: TestNode;
  let admin: string;
  beforeAll(async () => {
    t = await startTestNode(backend);
    admin = await t.login();
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  /** An API token of the admin, straight into the table as the tokens route stores it. */
  async function token(): Promise<{ id: string; secret: string }> {
    const secret = newSecret('tsk');
    const id = `tok-${randomBytes(6).toString('hex')}`;
    const user = await t.node.db.query<{ id: string }>(
      `SELECT id FROM users WHERE login = 'admin'`,
    );
    await t.node.db.query(
      'INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES ($1, $2, $3, $4)',
      [id, user.rows[0]!.id, 'test', secretHash(secret)],
    );
    return { id, secret };
  }

  it('[SUP-02] an integration authenticates with a Bearer header; a token in the URL is refused', async () => {
    const tok = await token();
    const stream = await openStream(t, {}, { token: tok.secret });
    await toggleStatus(t, 'agent-001', 1);
    await stream.waitFor((m) => m.type === 'agent.status-changed');
    await stream.close();
    expect(await refusedWith(openStream(t, { token: tok.secret }))).toBe(401);
    expect(await refusedWith(openStream(t, { access_token: tok.secret }))).toBe(401);
  });

  it('[SUP-02] a browser opens the stream with a single-use ticket', async () => {
    const issued = await t.request('POST', '/api/v1/events/ticket', { cookie: admin });
    expect(issued.status).toBe(200);
    expect(issued.body.ticket).toMatch(/^tkt_/);
    expect(new Date(issued.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const stream = await openStream(t, { ticket: issued.body.ticket });
    await toggleStatus(t, 'agent-001', 1);
    await stream.waitFor((m) => m.type === 'agent.status-changed');
    await stream.close();
    expect(await refusedWith(openStream(t, { ticket: issued.body.ticket }))).toBe(401);
    expect(await refusedWith(openStream(t, { ticket: 'tkt_made_up' }))).toBe(401);
    expect((await t.request('POST', '/api/v1/events/ticket')).status).toBe(401);
  });

  it('[SUP-02] a cookie opens a stream only for a page of the same origin', async () => {
    const host = new URL(t.url).host;
    const foreign = openStream(
      t,
      {},
      { cookie: admin, headers: { origin: 'https://evil.example' } },
    );
    expect(await refusedWith(foreign)).toBe(403);
    const sibling = openStream(t, {}, { cookie: admin, headers: { origin: `http://x.${host}` } });
    expect(await refusedWith(sibling)).toBe(403);
    const same = openStream(t, {}, { cookie: admin, headers: { origin: `http://${host}` } });
    expect(await refusedWith(same)).toBe(101);
    // A ticket is its own proof: it works from another origin (an embedding app).
    const issued = await t.request('POST', '/api/v1/events/ticket', { cookie: admin });
    const embedded = openStream(
      t,
      { ticket: issued.body.ticket },
      { headers: { origin: 'https://crm.example' } },
    );
    expect(await refusedWith(embedded)).toBe(101);
  });

  it('[SUP-02] a revoked token, a signed-out session or changed permissions end an open stream', async () => {
    const tok = await token();
    const byToken = await openStream(t, {}, { token: tok.secret });
    const supervisor = await userCookie(t, 'supervisor', { centers: ['tokyo'] });
    const bySession = await openStream(t, {}, { cookie: supervisor });
    const other = await userCookie(t, 'supervisor', { centers: ['tokyo'] });
    const byOther = await openStream(t, {}, { cookie: other });
    const stays = await openStream(t, {}, { cookie: admin });

    await t.node.db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [tok.id]);
    const out = await t.request('POST', '/api/v1/auth/logout', { cookie: supervisor });
    expect(out.status).toBe(204);
    const login = other.split('=')[1]!;
    await t.node.db.query(
      `UPDATE users SET centers = ARRAY['osaka'] WHERE id = (SELECT user_id FROM sessions WHERE id_hash = $1)`,
      [secretHash(login)],
    );
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 8_000));
    expect((await Promise.race([byToken.closed, timeout]))?.code).toBe(4401);
    expect((await Promise.race([bySession.closed, timeout]))?.code).toBe(4401);
    expect((await Promise.race([byOther.closed, timeout]))?.code).toBe(4403);
    const stillOpen = await Promise.race([
      stays.closed,
      new Promise((r) => setTimeout(() => r('open'), 100)),
    ]);
    expect(stillOpen).toBe('open');
    await stays.close();
  });
});
