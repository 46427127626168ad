import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpTransport } from '../../src/sip-transport/udp.js';
import { collect, options } from './helpers.js';

/** The most the kernel grants a socket's receive buffer; 0 when /proc does not say. */
function rmemMax(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  } catch {
    return 0;
  }
}

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

describe('UdpTransport under a stalled event loop', () => {
  // Where the kernel caps buffers at its 208 KB default, no socket option can help.
  it.skipIf(rmemMax() < 2 << 20)(
    '[BEY-08] keeps a burst of 1,000 SIP messages that arrives before the node reads any',
    async () => {
      const transport = await UdpTransport.listen({ host: '127.0.0.1', port: 0 });
      open.push(transport);
      const got = collect(transport);
      const client = createSocket('udp4');
      open.push(client);
      await new Promise<void>((ok) => client.bind(0, '127.0.0.1', ok));
      const { port } = transport.address();
      // ~600 bytes each, all sent before this turn of the event loop ends: the transport
      // reads none of them until then, as when a busy node stalls for a fraction of a second.
      const burst = 1_000;
      for (let i = 0; i < burst; i += 1)
        client.send(
          options(`z9hG4bK-burst-${i}`, 'UDP', `burst-${i}@example.com`) + ' '.repeat(300),
          port,
          '127.0.0.1',
        );
      // Everything that survived is read within a few quiet turns; a dropped one never comes.
      let seen = -1;
      while (seen !== got.messages.length && got.messages.length < burst) {
        seen = got.messages.length;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(got.messages.length).toBe(burst);
    },
  );
});
