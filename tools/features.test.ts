import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { FEATURES_MD, STATUSES, parseRows, regenerate, specIds, testsById } from './features.js';

const markdown = readFileSync(FEATURES_MD, 'utf8');
const rows = parseRows(markdown);

describe('docs/features.md', () => {
  it('lists every SPEC ID exactly once with a known status', () => {
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of rows) expect(STATUSES).toContain(r.status);
    const spec = specIds();
    if (spec) expect([...ids].sort()).toEqual([...spec].sort());
    else expect(ids.length).toBeGreaterThanOrEqual(70);
  });

  it('every feature claimed partial or done names tests that prove it', () => {
    const byId = testsById();
    const unproven = rows.filter((r) => r.status !== 'planned' && !byId.has(r.id)).map((r) => r.id);
    expect(unproven).toEqual([]);
  });

  it('the Tests column is current (run `npm run features` after adding tests)', () => {
    expect(regenerate(markdown)).toBe(markdown);
  });
});
