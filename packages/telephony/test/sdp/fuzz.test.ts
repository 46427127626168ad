import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { negotiate, parseSessionDescription } from '../../src/sdp/index.js';
import { VALID } from './fixtures.js';

/** 20,000 in CI; TSUNAGU_FUZZ_RUNS raises it for a long local run. */
const RUNS = Number(process.env.TSUNAGU_FUZZ_RUNS ?? 20_000);

const SPICE = [
  '\r\n',
  '\n',
  ' ',
  '=',
  ':',
  '/',
  'm=audio ',
  'c=IN IP4 ',
  'a=rtpmap:',
  '0',
  '65536',
  '-1',
  '\0',
  'é',
  'a=sendonly',
  '999',
];

type Mutation =
  | { op: 'replace'; at: number; len: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; at: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('replace' as const),
    at: fc.nat(),
    len: fc.nat({ max: 12 }),
    text: fc.oneof(fc.constantFrom(...SPICE), fc.string({ maxLength: 8 })),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.nat({ max: 60 }) }),
);

function apply(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.op) {
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + m.len);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate':
      return text.slice(0, at + m.len) + text.slice(at);
  }
}

function checkNeverThrows(text: string): void {
  const r = parseSessionDescription(text);
  if (r.ok) {
    expect(r.audio.port).toBeGreaterThan(0);
    expect(r.audio.port).toBeLessThanOrEqual(65535);
    expect(r.audio.payloads.length).toBeGreaterThan(0);
    const chosen = negotiate(r.audio);
    if (chosen) expect(['PCMU', 'PCMA']).toContain(chosen.codec);
  } else {
    expect(typeof r.reason).toBe('string');
  }
}

describe('SDP parser fuzz', () => {
  it('never throws on mutated real offers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (base, mutations) => checkNeverThrows(mutations.reduce(apply, base)),
      ),
      { numRuns: RUNS },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => checkNeverThrows(`v=0\r\n${s}`)),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});
