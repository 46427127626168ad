import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answeringPhone, registeredPhone } from './support/phone.js';
import {
  CENTER_ID,
  QUEUE_NUMBER,
  eventOf,
  eventually,
  setAgentStatus,
  startSipNode,
  type SipTestNode,
} from './support/sip-node.js';
import { describeRun, killAllSipp, received, startSipp } from './support/sipp.js';

/**
 * Phones register for up to an hour and only then again: a node that forgot them on restart
 * could not ring its agents for that long. The bindings are kept in the database.
 */
describe('desk-phone registrations across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tsunagu-registrations-'));
  let n: SipTestNode | undefined;
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[BEY-07] a phone registered before the restart is rung after it without registering again; deleting its account forgets it', async () => {
    const first = await startSipNode({ flags: { 'data-dir': dataDir } });
    const phone = await registeredPhone(first, 'agent-001', '1001');
    await first.stop();

    n = await startSipNode({ flags: { 'data-dir': dataDir } });
    expect(n.sip.stack.registrar.lookup('1001')).toHaveLength(1);
    const answering = await answeringPhone(phone, 'phone-talk.xml', { pauseMs: 1500 });
    await setAgentStatus(n, 'agent-001', 'available');
    const caller = await startSipp({
      scenario: 'caller-waits.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312347777' },
      rtpEcho: true,
      timeoutSec: 60,
    });
    const phoneRun = await answering.done;
    expect(phoneRun.code, describeRun(phoneRun)).toBe(0);
    expect(received(phoneRun, /^INVITE /), describeRun(phoneRun)).toMatch(/312347777/);
    expect((await caller.done).code).toBe(0);
    const created = eventOf(n, 'call.created', (e) => e.customerNumber === '0312347777');
    const connected = await eventually(
      () => eventOf(n!, 'call.connected', (e) => e.callId === created?.callId),
      'call.connected',
    );
    expect(connected.agentId).toBe('agent-001');

    const deleted = await n.t.request('DELETE', `/api/v1/centers/${CENTER_ID}/sip-accounts/1001`, {
      cookie: n.admin,
    });
    expect(deleted.status).toBe(204);
    expect(n.sip.stack.registrar.lookup('1001')).toEqual([]);
    await n.stop();
    n = await startSipNode({ flags: { 'data-dir': dataDir } });
    expect(n.sip.stack.registrar.size).toBe(0);
  }, 120_000);
});
