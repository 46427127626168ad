import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { medianAndRange as medianAndRangeOf } from '../server/stats.js';
import { freeUdpPort, type Cores } from './load.js';
import { PASS, type Point } from './scenarios.js';
import { runScenario, type Plan } from './plan.js';
import { fairnessRun, fairnessTable, type FairnessResult } from './fairness.js';

/**
 * `npm run bench:sip [-- --scenarios queue-join,bridged,hold,overload,soak --runs N --seconds S
 * --hold-ms MS --queue-rates 200,300,400 --bridged-rates 150,300 --hold-calls 1500
 * --overload-offered 500 --overload-max-legs 300 --soak-minutes M --soak-rate R --quick
 * --cpu-prof DIR --database-url URL --pglite-on-disk --probe --no-pin --json FILE --rtp-io native,dgram]`.
 *
 * `--rtp-io` is the server's (ADR 15); a list runs each run once per value, interleaved
 * (run 1 native, run 1 dgram, run 2 native, ...), so a before/after shares the machine's mood;
 * `native:N` also sets the addon's receive pacing interval to N ms.
 *
 * Every run starts a fresh `tsunagu serve` (in-memory PGlite store, or with --database-url a
 * new database on that PostgreSQL server, which itself is not pinned; demo center) pinned to core 0 with
 * taskset; sipp and the RTP peers run on core 1; SIP over UDP on loopback. Each scenario steps
 * through its levels on that server, lowest first, and stops at the first level that fails the
 * pass line. Tables give the median of the runs at each level and their range.
 */
const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'queue-join,bridged,hold,overload' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '20' },
    'hold-ms': { type: 'string', default: '3000' },
    'queue-rates': { type: 'string' },
    'bridged-rates': { type: 'string' },
    'hold-calls': { type: 'string' },
    'hold-plateau-sec': { type: 'string', default: '15' },
    'overload-offered': { type: 'string', default: '500' },
    'overload-max-legs': { type: 'string', default: '300' },
    'soak-minutes': { type: 'string', default: '3' },
    'soak-rate': { type: 'string', default: '100' },
    quick: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'database-url': { type: 'string' },
    'pglite-on-disk': { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    probe: { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'warn' },
    json: { type: 'string' },
    'rtp-io': { type: 'string', default: 'auto' },
    // The fairness scenario (issue #5, bench/sip/fairness.ts): one run per seed.
    'fairness-calls': { type: 'string', default: '400' },
    'fairness-agents': { type: 'string', default: '8' },
    'fairness-talk-sec': { type: 'string', default: '12' },
    'fairness-load': { type: 'string', default: '1.12' },
    'fairness-seeds': { type: 'string', default: '1' },
  },
  strict: true,
});

const list = (v: string | undefined) => (v ?? '').split(',').filter(Boolean).map(Number);
const quick = values.quick!;
const plan: Plan = {
  runs: quick ? 1 : Number(values.runs),
  seconds: quick ? 8 : Number(values.seconds),
  holdMs: Number(values['hold-ms']),
  queueRates: list(values['queue-rates'] ?? (quick ? '400' : '200,300,400,500,600')),
  bridgedRates: list(values['bridged-rates'] ?? (quick ? '300' : '150,200,300,400')),
  holdCalls: list(values['hold-calls'] ?? (quick ? '1500' : '500,1000,1500,2000')),
  holdPlateauSec: quick ? 8 : Number(values['hold-plateau-sec']),
  overloadOffered: Number(values['overload-offered']),
  overloadMaxLegs: Number(values['overload-max-legs']),
  soakMinutes: Number(values['soak-minutes']),
  soakRate: Number(values['soak-rate']),
  logLevel: values['log-level']!,
  cpuProfDir: values['cpu-prof'] ?? null,
  databaseUrl: values['database-url'] ?? null,
  pgliteOnDisk: values['pglite-on-disk']!,
  probe: values.probe!,
};
const scenarios = values.scenarios!.split(',').filter(Boolean);
const rtpIos = values['rtp-io']!.split(',').filter(Boolean);
// The native RTP addon is built when missing or stale; a failed build leaves the server on dgram.
spawnSync('bash', ['scripts/build-native.sh'], {
  cwd: new URL('../..', import.meta.url),
  stdio: 'inherit',
});

function cores(): Cores {
  if (values['no-pin']) return { server: null, load: null };
  const probe = spawnSync('taskset', ['-c', '1', 'true']);
  return probe.status === 0 && cpus().length >= 2
    ? { server: 0, load: 1 }
    : { server: null, load: null };
}

const fmt = (v: number, digits = 0) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';
/** Median (range) of the finite values; a dash when a scenario does not measure it. */
const medianAndRange = (v: readonly number[], digits = 1) => {
  const finite = v.filter(Number.isFinite);
  return finite.length === 0 ? '–' : medianAndRangeOf(finite, digits);
};
const pct = (v: readonly number[]) =>
  medianAndRange(
    v.map((x) => x * 100),
    1,
  );

function table(points: readonly Point[]): string[] {
  const byLevel = new Map<string, Point[]>();
  for (const p of points) {
    const key = `${p.scenario}\u0000${p.level}`;
    byLevel.set(key, [...(byLevel.get(key) ?? []), p]);
  }
  const rows = [...byLevel.values()].map((runs) => {
    const p = runs[0]!;
    const passed = runs.filter((r) => r.pass).length;
    return `| ${p.scenario} | ${fmt(p.level)} | ${runs.length} | ${medianAndRange(
      runs.map((r) => r.achieved),
      0,
    )} | ${pct(runs.map((r) => r.failedShare))} | ${medianAndRange(
      runs.map((r) => r.p95Ms),
      0,
    )} | ${pct(runs.map((r) => r.cpuShare))} | ${medianAndRange(
      runs.map((r) => r.refused503),
      0,
    )} | ${medianAndRange(
      runs.map((r) => r.rtpStreams),
      0,
    )} | ${medianAndRange(
      runs.map((r) => r.rtpPacketsPerSec / 1000),
      1,
    )} | ${medianAndRange(
      runs.map((r) => r.rssKb / 1024),
      0,
    )} | ${medianAndRange(
      runs.map((r) => r.kbPerCall),
      1,
    )} | ${runs.reduce((n, r) => Math.max(n, r.stuck), 0)} | ${passed}/${runs.length} | ${p.note} |`;
  });
  return [
    '| Scenario | level | runs | achieved | failed % | p95 INVITE→200 ms | server CPU % | 503s | RTP streams | k RTP pkt/s in | RSS MB | KB/held call | stuck | passed | last run |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ];
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const started = Date.now();
const loadBefore = loadavg();
/**
 * Share of the last minute in which some runnable task waited for a CPU (Linux PSI): on a
 * shared machine the pinned server can be starved while its own CPU use looks low.
 */
const cpuPressure = (): string => {
  try {
    const avg60 = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(
      readFileSync('/proc/pressure/cpu', 'utf8'),
    );
    return avg60 ? `${Number(avg60[1]).toFixed(0)}%` : '–';
  } catch {
    return '–';
  }
};
const pressureBefore = cpuPressure();
const pin = cores();
const points: Point[] = [];
const soaks: unknown[] = [];
const fairness: FairnessResult[] = [];
for (const scenario of scenarios) {
  if (scenario === 'fairness') {
    for (const seed of list(values['fairness-seeds'])) {
      log(`fairness: seed ${seed}`);
      const result = await fairnessRun(
        {
          calls: Number(values['fairness-calls']),
          agents: Number(values['fairness-agents']),
          talkSec: Number(values['fairness-talk-sec']),
          load: Number(values['fairness-load']),
          callbackShare: 0.3,
          seed,
          logLevel: plan.logLevel,
          databaseUrl: plan.databaseUrl,
          rtpIo: rtpIos[0]!,
        },
        log,
      );
      log(`  ${JSON.stringify(result)}`);
      fairness.push(result);
    }
    continue;
  }
  for (let run = 1; run <= plan.runs; run += 1) {
    for (const rtpIo of rtpIos) {
      log(`${scenario}: run ${run}/${plan.runs}${rtpIos.length > 1 ? ` (--rtp-io ${rtpIo})` : ''}`);
      const out = await runScenario(scenario, plan, pin, await freeUdpPort(), log, { rtpIo });
      const label = rtpIos.length > 1 ? ` (${rtpIo})` : '';
      points.push(...out.points.map((p) => ({ ...p, scenario: `${p.scenario}${label}` })));
      if (out.soak) soaks.push(out.soak);
    }
  }
}

const cpu = cpus();
const lines = [
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; store ${plan.databaseUrl ? 'PostgreSQL (its server unpinned)' : plan.pgliteOnDisk ? 'PGlite in process, on disk' : 'PGlite in process, in memory'}; server on core ${pin.server ?? 'any'}, sipp and RTP peers on core ${pin.load ?? 'any'}; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} after; CPU pressure (PSI some, 1 min) ${pressureBefore} before, ${cpuPressure()} after; ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  `Command: \`npm run bench:sip -- ${process.argv.slice(2).join(' ')}\`. Pass line: failed < ${PASS.failedShare * 100}%, p95 INVITE→200 < ${PASS.p95Ms} ms, server CPU < ${PASS.cpuShare * 100}%. Cells: median of the runs (range). "achieved" is calls/s joined (queue-join), bridged with RTP both ways (bridged), streams with music (hold), answered + 503 (overload).`,
  '',
  ...table(points),
];
for (const s of soaks) lines.push('', `Soak: ${JSON.stringify(s)}`);
if (fairness.length > 0) lines.push('', ...fairnessTable(fairness));
process.stdout.write(`${lines.join('\n')}\n`);
if (values.json)
  writeFileSync(values.json, JSON.stringify({ plan, points, soaks, fairness }, null, 2));
