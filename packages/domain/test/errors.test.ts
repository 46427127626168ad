/// <reference types="node" />
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  DomainError,
  ERROR_CATALOGUE,
  PROMPTS,
  isDomainError,
  type ErrorCode,
  type ErrorSpec,
} from '../src/index.js';

const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
const spec = (code: ErrorCode): ErrorSpec => ERROR_CATALOGUE[code];

/** The rows of the table in docs/errors.md, by code: the cells after the code column. */
function documentedRows(): Map<string, string[]> {
  const text = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^\|\s*`(CC_ERR_[A-Z_]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (!match) continue;
    expect(rows.has(match[1]!), `${match[1]} documented twice`).toBe(false);
    rows.set(
      match[1]!,
      match[2]!.split('|').map((cell) => cell.trim()),
    );
  }
  return rows;
}

const dash = (value: string | number | undefined): string =>
  value === undefined ? '—' : String(value);

describe('error catalogue', () => {
  it('every CC_ERR code in the catalogue is documented in docs/errors.md', () => {
    const rows = documentedRows();
    for (const code of codes) {
      const row = rows.get(code);
      expect(row, `${code} is missing from docs/errors.md`).toBeDefined();
      const [http, sip, prompt, en, ja, when] = row!;
      expect(http, code).toBe(String(spec(code).http));
      expect(sip, code).toBe(dash(spec(code).sip));
      expect(prompt, code).toBe(spec(code).prompt === undefined ? '—' : `\`${spec(code).prompt}\``);
      expect(en, code).toBe(spec(code).en);
      expect(ja, code).toBe(spec(code).ja);
      expect(when?.length ?? 0, `${code} says when it happens`).toBeGreaterThan(20);
    }
    // A row for a code that no longer exists would document something the API never says.
    for (const documented of rows.keys()) expect(codes).toContain(documented);
  });

  it('every code has English and Japanese messages, a valid HTTP status and a known prompt', () => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      expect(code).toMatch(/^CC_ERR_[A-Z]+(_[A-Z]+)*$/);
      const s = spec(code);
      expect(s.en.trim().length, code).toBeGreaterThan(0);
      expect(s.ja.trim().length, code).toBeGreaterThan(0);
      // Japanese text, not an untranslated copy of the English one.
      expect(s.ja, code).not.toBe(s.en);
      expect(s.ja, code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(Number.isInteger(s.http), code).toBe(true);
      expect(s.http, code).toBeGreaterThanOrEqual(400);
      expect(s.http, code).toBeLessThan(600);
      if (s.sip !== undefined) {
        expect(Number.isInteger(s.sip), code).toBe(true);
        expect(s.sip, code).toBeGreaterThanOrEqual(400);
        expect(s.sip, code).toBeLessThan(700);
      }
      if (s.prompt !== undefined) expect(Object.keys(PROMPTS), code).toContain(s.prompt);
    }
  });

  it('messages are distinct, so no two codes read the same to a user', () => {
    const en = codes.map((c) => spec(c).en);
    const ja = codes.map((c) => spec(c).ja);
    expect(new Set(en).size).toBe(en.length);
    expect(new Set(ja).size).toBe(ja.length);
  });

  it('a DomainError carries its code, details and catalogue entry', () => {
    for (const code of codes) {
      const err = new DomainError(code, { field: 'x' });
      expect(err).toBeInstanceOf(Error);
      expect(isDomainError(err)).toBe(true);
      expect(err.code).toBe(code);
      expect(err.name).toBe('DomainError');
      expect(err.details).toEqual({ field: 'x' });
      expect(err.spec).toBe(ERROR_CATALOGUE[code]);
    }
    expect(new DomainError('CC_ERR_VALIDATION').details).toEqual({});
    expect(isDomainError(new Error('CC_ERR_VALIDATION'))).toBe(false);
    expect(isDomainError({ code: 'CC_ERR_VALIDATION' })).toBe(false);
  });
});
