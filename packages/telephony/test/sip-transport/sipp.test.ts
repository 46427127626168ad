/** Interop: a real sipp UAC calls a minimal UAS built on our transaction layer over UDP. */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RealtimeScheduler } from '../../src/realtime-scheduler.js';
import { newTag } from '../../src/sip/ids.js';
import type { SipRequest } from '../../src/sip/message.js';
import { createResponse } from '../../src/sip/response.js';
import { TransactionLayer } from '../../src/sip/transaction/layer.js';
import { UdpTransport } from '../../src/sip-transport/udp.js';

const hasSipp = (() => {
  try {
    execFileSync('sipp', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // sipp -v exits non-zero on some builds but still exists.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

describe('sipp interop', () => {
  it.skipIf(!hasSipp)('answers a sipp UAC call: 100/180/200, ACK, BYE/200', async () => {
    const transport = await UdpTransport.listen({ host: '127.0.0.1', port: 0 });
    const scheduler = new RealtimeScheduler();
    const acks: SipRequest[] = [];
    const methods: string[] = [];
    const errors: unknown[] = [];
    const { port } = transport.address();
    const layer = new TransactionLayer({
      transport,
      scheduler,
      via: () => ({ host: '127.0.0.1', port }),
      onError: (e) => errors.push(e),
      user: {
        onRequest: (tx) => {
          methods.push(tx.request.method);
          const contact: [string, string] = ['Contact', `<sip:uas@127.0.0.1:${port}>`];
          if (tx.request.method === 'INVITE') {
            const toTag = newTag();
            tx.respond(createResponse(tx.request, 100));
            tx.respond(createResponse(tx.request, 180, { toTag, headers: [contact] }));
            tx.respond(createResponse(tx.request, 200, { toTag, headers: [contact] }));
          } else tx.respond(createResponse(tx.request, 200));
        },
        onCancel: () => {},
        onAck: (ack) => acks.push(ack),
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
    try {
      const args = [`127.0.0.1:${port}`, '-sn', 'uac', '-m', '1', '-timeout', '10s'];
      args.push('-trace_err', '-nostdin', '-i', '127.0.0.1');
      const code = await new Promise<number>((resolve) => {
        const child = execFile('sipp', args, { cwd: dir });
        child.on('exit', (c) => resolve(c ?? -1));
      });
      const errorLog = readdirSync(dir)
        .filter((f) => f.endsWith('_errors.log'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
      expect(errorLog).toBe('');
      expect(code).toBe(0);
      expect(methods).toEqual(['INVITE', 'BYE']);
      expect(acks).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      layer.close();
      scheduler.close();
      await transport.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
