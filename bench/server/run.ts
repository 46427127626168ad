import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { fanout, type FanoutResult } from './fanout.js';
import { startServer, type Backend } from './server-process.js';
import { medianAndRange } from './stats.js';
import { statusChanges, type StatusChangeResult } from './status-changes.js';

/**
 * `npm run bench:server [-- --runs N --backends pglite,postgres --clients N --seconds S
 * --subscribers N --commands N --log-level L --json FILE]`. Each run starts a fresh
 * `tsunagu serve` process on a fresh store and measures, through the public API:
 *  1. agent status changes per second (authenticated HTTP, keep-alive, concurrent clients);
 *  2. event fan-out to WebSocket subscribers, p50/p99 from command to delivery.
 * PostgreSQL runs use TSUNAGU_BENCH_DATABASE_URL (or TSUNAGU_TEST_DATABASE_URL): a fresh
 * database per run. Tables give the median of the runs and their range.
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'pglite,postgres' },
    clients: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    subscribers: { type: 'string', default: '1000' },
    commands: { type: 'string', default: '50' },
    'log-level': { type: 'string', default: 'warn' },
    json: { type: 'string' },
  },
  strict: true,
});

const runs = Number(values.runs);
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
const subscribers = Number(values.subscribers);
const commands = Number(values.commands);
const postgresUrl =
  process.env.TSUNAGU_BENCH_DATABASE_URL ?? process.env.TSUNAGU_TEST_DATABASE_URL ?? undefined;
const backends = (values.backends ?? '').split(',').filter((b): b is Backend => {
  if (b === 'pglite') return true;
  if (b === 'postgres' && postgresUrl) return true;
  if (b === 'postgres')
    process.stderr.write('skipping postgres: set TSUNAGU_BENCH_DATABASE_URL to a server URL\n');
  return false;
});

interface Run {
  readonly backend: Backend;
  readonly status: StatusChangeResult;
  readonly fanout: FanoutResult;
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const results: Run[] = [];
const loadBefore = loadavg();
for (const backend of backends) {
  for (let run = 1; run <= runs; run += 1) {
    const server = await startServer(backend, postgresUrl, values['log-level']!);
    try {
      const status = await statusChanges(server.url, server.token, clients, seconds, warmup);
      log(
        `${backend} run ${run}: ${status.perSecond.toFixed(0)} status changes/s ` +
          `(p50 ${status.p50Ms.toFixed(1)} ms, p99 ${status.p99Ms.toFixed(1)} ms)`,
      );
      const f = await fanout(server.url, server.token, subscribers, commands, 5);
      log(
        `${backend} run ${run}: fan-out to ${subscribers}: p50 ${f.p50Ms.toFixed(1)} ms, ` +
          `p99 ${f.p99Ms.toFixed(1)} ms, all ${f.allDeliveredMs.toFixed(1)} ms, lost ${f.lost}`,
      );
      results.push({ backend, status, fanout: f });
    } finally {
      await server.stop();
    }
  }
}

const loadAfter = loadavg();
const of = (backend: Backend) => results.filter((r) => r.backend === backend);
const cpu = cpus();
const lines = [
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `Node ${process.version}, ${process.platform}; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after.`,
  `Command: \`npm run bench:server -- --runs ${runs} --clients ${clients} --seconds ${seconds} ` +
    `--subscribers ${subscribers} --commands ${commands} --log-level ${values['log-level']}\`; ` +
    `median of ${runs} runs (range), each on a fresh server process and a fresh store.`,
  '',
  `| Backend | Status changes/s (${clients} clients) | p50 ms | p99 ms | Fan-out to ${subscribers}: p50 ms | p99 ms | last subscriber ms | lost |`,
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...backends.map((b) => {
    const r = of(b);
    return `| ${b === 'pglite' ? 'PGlite' : 'PostgreSQL'} | ${medianAndRange(
      r.map((x) => x.status.perSecond),
      0,
    )} | ${medianAndRange(r.map((x) => x.status.p50Ms))} | ${medianAndRange(r.map((x) => x.status.p99Ms))} | ${medianAndRange(r.map((x) => x.fanout.p50Ms))} | ${medianAndRange(r.map((x) => x.fanout.p99Ms))} | ${medianAndRange(r.map((x) => x.fanout.allDeliveredMs))} | ${r.reduce((n, x) => n + x.fanout.lost, 0)} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
if (values.json) writeFileSync(values.json, JSON.stringify({ runs: results }, null, 2));
