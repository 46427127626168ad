import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/server/webhooks/policy.js';
import { signatureHeader, verifySignature } from '../../src/server/webhooks/signature.js';

describe('webhook signatures and retry waits', () => {
  it('[BEY-04] signs "t.body" with HMAC-SHA256 under the documented header format', () => {
    const body = '{"id":1,"type":"call.ended"}';
    const header = signatureHeader('whsec_test', body, 1_767_000_000);
    const hmac = createHmac('sha256', 'whsec_test').update(`1767000000.${body}`).digest('hex');
    expect(header).toBe(`t=1767000000,v1=${hmac}`);
  });

  it('[BEY-04] a receiver rejects a changed body, another secret, or an old timestamp', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, secret) => {
        const now = 1_767_000_000;
        const header = signatureHeader(secret, body, now);
        expect(verifySignature(secret, body, header, now + 10)).toBe(true);
        expect(verifySignature(secret, `${body} `, header, now)).toBe(false);
        expect(verifySignature(`${secret}x`, body, header, now)).toBe(false);
        expect(verifySignature(secret, body, header, now + 301)).toBe(false);
        expect(verifySignature(secret, body, header.replace('v1=', 'v1=0'), now)).toBe(false);
      }),
    );
  });

  it('[BEY-04] waits grow exponentially with jitter between half and all of the step, capped', () => {
    const policy = { baseDelayMs: 10_000, maxDelayMs: 3_600_000 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, r) => {
          const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
          const wait = retryDelayMs(n, policy, () => r);
          expect(wait).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(wait).toBeLessThanOrEqual(step);
        },
      ),
    );
    expect(retryDelayMs(1, policy, () => 1)).toBe(10_000);
    expect(retryDelayMs(4, policy, () => 1)).toBe(80_000);
    expect(retryDelayMs(30, policy, () => 1)).toBe(3_600_000);
  });
});
