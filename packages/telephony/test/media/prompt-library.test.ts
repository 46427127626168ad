import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prompt, type Playable } from '@tsunagu/domain';
import { alawEncode, mulawEncode } from '../../src/media/g711.js';
import { PromptLibrary } from '../../src/media/prompt-library.js';
import { ramp, writeWav } from './media-helpers.js';

function library(withMusic = false) {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-prompts-'));
  mkdirSync(join(dir, 'ja'));
  writeWav(join(dir, 'ja', 'one.wav'), ramp(800));
  writeWav(join(dir, 'ja', 'two.wav'), ramp(400, 9));
  if (withMusic) {
    mkdirSync(join(dir, 'music'));
    writeWav(join(dir, 'music', 'hold.wav'), ramp(1000));
  }
  const warnings: string[] = [];
  const asked: Playable[] = [];
  const lib = new PromptLibrary({
    promptDir: dir,
    assetsDir: dir,
    fragmentsFor: (item) => {
      asked.push(item);
      if (item.kind === 'number') return ['one', 'missing', 'two'];
      if (item.kind === 'digits') throw new Error('no speech for digits');
      return ['one'];
    },
    warn: (m) => warnings.push(m),
  });
  return { lib, warnings, asked, dir };
}

describe('PromptLibrary', () => {
  it('resolves fragments in order, skipping a missing one with a warning', () => {
    const { lib, warnings } = library();
    const pcm = lib.resolve([{ kind: 'number', value: 12 }], 'ja');
    expect(pcm.map((p) => p.length)).toEqual([800, 400]);
    expect(pcm[1]).toEqual(ramp(400, 9));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('missing.wav');
    // Missing stays missing without another file read or warning.
    lib.resolve([{ kind: 'number', value: 3 }], 'ja');
    expect(warnings).toHaveLength(1);
  });

  it('keeps one encoded copy per law, made on first use', () => {
    const { lib } = library();
    const [mu] = lib.resolveEncoded([prompt('queue.welcome')], 'ja', 'PCMU');
    const [a] = lib.resolveEncoded([prompt('queue.welcome')], 'ja', 'PCMA');
    expect(mu).toEqual(mulawEncode(ramp(800)));
    expect(a).toEqual(alawEncode(ramp(800)));
    expect(lib.resolveEncoded([prompt('queue.welcome')], 'ja', 'PCMU')[0]).toBe(mu);
  });

  it('makes the beep in code: 400 ms of 1 kHz', () => {
    const { lib, asked } = library();
    const [beep] = lib.resolve([{ kind: 'tone', name: 'beep' }], 'en');
    expect(beep!.length).toBe(3200);
    // 1 kHz at 8 kHz sampling: 8 samples a cycle, so 800 upward zero crossings in 400 ms.
    let crossings = 0;
    for (let i = 1; i < beep!.length; i++) if (beep![i - 1]! < 0 && beep![i]! >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(398);
    expect(crossings).toBeLessThanOrEqual(400);
    expect(asked).toEqual([]);
  });

  it('prefers an uploaded override for a prompt (QCB-16) and survives a resolver error', () => {
    const { lib, warnings } = library();
    const uploaded = ramp(480, 3);
    lib.overrides = (id, language) =>
      id === 'queue.welcome' && language === 'ja' ? uploaded : undefined;
    expect(lib.resolve([prompt('queue.welcome')], 'ja')).toEqual([uploaded]);
    expect(lib.resolve([prompt('queue.full')], 'ja')[0]!.length).toBe(800);
    expect(lib.resolve([{ kind: 'digits', value: '12' }], 'ja')).toEqual([]);
    expect(warnings.some((w) => w.includes('no speech for digits'))).toBe(true);
  });

  it('[HQ-03] loads hold music padded to whole frames, or synthesises it', () => {
    const own = library(true).lib.holdMusicPcm();
    expect(own.length).toBe(1120);
    expect(own.subarray(0, 1000)).toEqual(ramp(1000));
    const synth = library(false).lib.holdMusicPcm();
    expect(synth.length % 160).toBe(0);
    expect(synth.length).toBeGreaterThan(8000);
    const peak = synth.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(500);
    expect(peak).toBeLessThan(8000);
  });

  it('preloads every fragment and refuses names that leave the directory', () => {
    const { lib, warnings } = library();
    expect(lib.preload(['ja', 'en'])).toBe(2);
    const evil = new PromptLibrary({
      promptDir: '/nonexistent',
      fragmentsFor: () => ['../../etc/passwd'],
      warn: (m) => warnings.push(m),
    });
    expect(evil.resolve([prompt('queue.full')], 'en')).toEqual([]);
    expect(warnings.at(-1)).toContain('refusing');
  });
});
