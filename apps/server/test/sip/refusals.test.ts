import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerFrom } from './support/phone.js';
import { QUEUE_NUMBER, eventually, sipAgent, startSipNode } from './support/sip-node.js';
import type { SipTestNode } from './support/sip-node.js';
import {
  describeRun,
  freeSipPort,
  killAllSipp,
  received,
  runSipp,
  startSipp,
} from './support/sipp.js';

/** What the node refuses, and that it keeps serving after nonsense. */
describe('refusals on the SIP port', () => {
  let n: SipTestNode;

  beforeAll(async () => {
    // The only trunk is elsewhere: INVITEs from 127.0.0.1 come from a stranger.
    n = await startSipNode({ trunkAddresses: ['192.0.2.1'] });
  }, 60_000);
  afterEach(killAllSipp);
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
  });

  const options = (transport: 'udp' | 'tcp') =>
    runSipp({
      scenario: 'options.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: 'tsunagu',
      transport,
    });

  it('[BEY-08] REGISTER with a wrong password: 401 challenge, then 403, and no binding', async () => {
    await sipAgent(n, 'agent-001', '2001', 'the right password for 2001');
    const result = await registerFrom(
      n,
      await freeSipPort(),
      'phone-register-wrong.xml',
      '2001',
      'not the password at all',
    );
    expect(result.code, describeRun(result)).toBe(0);
    expect(received(result, /^SIP\/2\.0 401/)).toMatch(/^WWW-Authenticate: Digest /m);
    expect(n.sip.stack.registrar.lookup('2001')).toHaveLength(0);
  }, 30_000);

  it('[BEY-08] an INVITE from an address that is no trunk (nor a known phone) gets 403 and makes no call', async () => {
    const result = await runSipp({
      scenario: 'caller-refused.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312345555' },
    });
    expect(result.code, describeRun(result)).toBe(0);
    expect(received(result, /^SIP\/2\.0 403/), describeRun(result)).toBeDefined();
    expect(n.callCount()).toBe(0);
  }, 30_000);

  it('[BEY-08] garbage datagrams and a garbage TCP stream get 400 or nothing; OPTIONS still gets 200 on both', async () => {
    const udp = createSocket('udp4');
    const answers: string[] = [];
    udp.on('message', (m) => answers.push(m.toString('latin1')));
    const junk = [
      Buffer.from([0, 1, 2, 3, 255, 254, 0x80, 0x00]),
      Buffer.from('INVITE sip:x SIP/2.0\r\nVia: nonsense\r\nCSeq: x\r\n\r\n'),
      Buffer.from('SIP/2.0 200 OK\r\nCall-ID: none\r\n\r\n'),
      Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 99999\r\n\r\nshort'),
      Buffer.alloc(1400, 0x41),
    ];
    for (const datagram of junk) udp.send(datagram, n.port, '127.0.0.1');

    const tcpAnswer = await new Promise<string>((done) => {
      let text = '';
      const socket = connect(n.sip.stack.address.tcp, '127.0.0.1', () => {
        socket.write(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
        socket.write('\r\n\r\nREGISTER nonsense\r\nContent-Length: -5\r\n\r\n');
        socket.write('BYE sip:a SIP/2.0\r\nContent-Length: 2000000000\r\n\r\n');
        socket.write(Buffer.alloc(70_000, 0x7a));
      });
      socket.on('data', (d) => (text += d.toString('latin1')));
      socket.on('error', () => done(text));
      socket.on('close', () => done(text));
      setTimeout(() => {
        socket.destroy();
        done(text);
      }, 2000);
    });
    await new Promise((r) => setTimeout(r, 300));
    udp.close();

    for (const answer of [...answers, ...tcpAnswer.split(/(?=SIP\/2\.0 )/).filter(Boolean)]) {
      expect(answer).toMatch(/^SIP\/2\.0 400 /);
    }
    for (const transport of ['udp', 'tcp'] as const) {
      const result = await options(transport);
      expect(result.code, describeRun(result)).toBe(0);
    }
  }, 30_000);
});

describe('admission at the SIP leg cap', () => {
  let n: SipTestNode;

  beforeAll(async () => {
    n = await startSipNode({ flags: { 'sip-max-legs': '2' } });
  }, 60_000);
  afterEach(killAllSipp);
  afterAll(async () => {
    await killAllSipp();
    await n?.stop();
  });

  it('[BEY-08] the third simultaneous INVITE gets 503 with Retry-After; no call is left after the others hang up', async () => {
    const talking = await Promise.all(
      ['0312346661', '0312346662'].map((caller) =>
        startSipp({
          scenario: 'caller-hangup.xml',
          remote: { host: '127.0.0.1', port: n.port },
          service: QUEUE_NUMBER,
          keys: { caller },
          pauseMs: 6000,
          rtpEcho: true,
        }),
      ),
    );
    await eventually(() => n.sip.stack.telephony.legs.size === 2, 'two legs up');
    const third = await runSipp({
      scenario: 'caller-refused.xml',
      remote: { host: '127.0.0.1', port: n.port },
      service: QUEUE_NUMBER,
      keys: { caller: '0312346663' },
    });
    expect(third.code, describeRun(third)).toBe(0);
    expect(received(third, /^SIP\/2\.0 503/), describeRun(third)).toMatch(/^Retry-After: \d+/m);
    for (const run of talking) {
      const result = await run.done;
      expect(result.code, describeRun(result)).toBe(0);
    }
    await eventually(() => n.callCount() === 0, 'no calls left');
    expect(n.sip.stack.telephony.legs.size).toBe(0);
  }, 60_000);
});
