import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { erlangCMetrics } from '@tsunagu/domain';
import { HELP, runCli } from '../../src/cli.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** The real process, as `npm start` runs it: exit code, stdout and stderr. */
function tsunagu(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** In-process, for the cases where spawning adds nothing. */
function inProcess(...args: string[]) {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('tsunagu CLI', () => {
  it('[BEY-05] tsunagu simulate --json --hours 0.5 exits 0 with parseable JSON', () => {
    const r = tsunagu('simulate', '--json', '--hours', '0.5', '--seed', '4');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.config).toMatchObject({ seed: 4, durationHours: 0.5 });
    expect(report.callsOffered).toBeGreaterThan(100);
    expect(report.serviceLevel).toBeGreaterThan(0);
    expect(report.callbacks.outcomes).toHaveProperty('accepted-not-connected');
  });

  it('[BEY-05] tsunagu simulate --agents -1 exits 2 with a message naming the option', () => {
    const r = tsunagu('simulate', '--agents', '-1');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('--agents must be a whole number');
    expect(r.err).toContain('-1');
  });

  it('[BEY-05] bad commands and options exit 2 with a message', () => {
    for (const args of [
      ['simulate', '--calls-per-hour', 'lots'],
      ['simulate', '--frobnicate'],
      ['simulate', '--mode', 'sideways'],
      ['simulate', '--callback-uptake', '1.5'],
      ['erlang', '--agents', '10'],
      ['erlang', '--calls-per-hour', '100', '--aht-sec', '0', '--agents', '3'],
      ['launch'],
      [],
    ]) {
      const r = inProcess(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.length, args.join(' ')).toBeGreaterThan(0);
    }
    expect(inProcess('simulate', '--mode', 'sideways').err).toContain('--mode must be');
    expect(inProcess('erlang', '--agents', '10').err).toContain('--calls-per-hour is required');
  });

  it('[BEY-05] tsunagu erlang prints the Erlang C figures', () => {
    const r = inProcess(
      'erlang',
      '--calls-per-hour',
      '500',
      '--aht-sec',
      '180',
      '--agents',
      '30',
      '--sl-sec',
      '20',
    );
    expect(r.code).toBe(0);
    const m = erlangCMetrics({
      arrivalsPerHour: 500,
      averageHandleSec: 180,
      agents: 30,
      serviceLevelSec: 20,
    });
    expect(r.out).toContain('Service level / サービスレベル');
    expect(r.out).toContain('25.00 Erl');
    expect(r.out).toContain(`${(m.serviceLevel * 100).toFixed(1)} %`);
    expect(r.out).toContain(`${m.averageSpeedOfAnswerSec.toFixed(1)} s`);
    const json = JSON.parse(
      inProcess('erlang', '--calls-per-hour', '500', '--aht-sec', '180', '--agents', '30', '--json')
        .out,
    );
    expect(json).toMatchObject({
      trafficErlangs: 25,
      serviceLevel: m.serviceLevel,
      agentsForTarget: 30,
    });
    expect(
      inProcess('erlang', '--calls-per-hour', '500', '--aht-sec', '180', '--agents', '20').out,
    ).toContain('unstable');
  });

  it('[BEY-05] --help lists every command and option', () => {
    const r = inProcess('--help');
    expect(r.code).toBe(0);
    for (const word of [
      'simulate',
      'erlang',
      '--seed',
      '--hours',
      '--agents',
      '--calls-per-hour',
      '--aht-sec',
      '--patience-sec',
      '--callback-uptake',
      '--mode',
      '--json',
      '--sl-sec',
      '--target',
    ]) {
      expect(r.out).toContain(word);
    }
    expect(inProcess('simulate', '--help').out).toBe(HELP);
  });

  it('[BEY-05] the default simulate run prints a readable bilingual report, and the bin launcher works', () => {
    const r = spawnSync(
      process.execPath,
      ['apps/server/bin/tsunagu.js', 'simulate', '--hours', '0.25'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Service level \/ サービスレベル \(20 s\)\s+\d+\.\d %/);
    expect(r.stdout).toContain('Callback requests / コールバック依頼');
  });
});
