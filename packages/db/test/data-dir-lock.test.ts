import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from '../src/data-dir-lock.js';

describe('PGlite data directory lock', () => {
  it("[BEY-07] a second process cannot open a data directory in use; a dead owner's lock is taken over", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tsunagu-lock-')), 'pglite');
    const unlock = lockDataDir(dir);
    // Our own pid owns it; a lock naming another live process (pid 1) keeps us out.
    writeFileSync(`${dir}.lock`, '1');
    expect(() => lockDataDir(dir)).toThrow(/in use by process 1/);
    // A lock left by a process that no longer runs is taken over.
    writeFileSync(`${dir}.lock`, '999999999');
    const again = lockDataDir(dir);
    again();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    unlock();
  });
});
