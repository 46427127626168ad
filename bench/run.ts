import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ROUTING_SCENARIOS, type RoutingResult } from './routing.js';
import type { CenterDriver, CenterRun } from './center.js';
import { centerTable, machine, routingTable } from './report.js';

/**
 * `npm run bench [-- <group or id>...] [--runs N] [--samples N] [--warmup N] [--hours N]
 * [--json FILE] [--no-pin]`. Groups: `routing` (ids in routing.ts) and `center` (ids
 * center-sim, center-lean, center-sim-semi32); nothing named runs everything. Every run is a
 * fresh process pinned to one core (the last one, away from most interrupt handling) with
 * `taskset` when it exists; the tables give the median of the runs and their range.
 */
interface Options {
  readonly only: readonly string[];
  readonly runs: number;
  readonly samples: number;
  readonly warmup: number;
  readonly hours: number;
  readonly json: string | null;
  readonly pin: boolean;
}

/** The young generation is V8's default (16 MB semi-spaces) unless a row says otherwise. */
const CENTER_DRIVERS: readonly {
  id: string;
  driver: CenterDriver;
  nodeFlags: readonly string[];
}[] = [
  { id: 'center-sim', driver: 'sim', nodeFlags: [] },
  { id: 'center-lean', driver: 'lean', nodeFlags: [] },
  { id: 'center-sim-semi32', driver: 'sim', nodeFlags: ['--max-semi-space-size=32'] },
];
const SEED = 1;

function parse(argv: readonly string[]): Options {
  const only: string[] = [];
  const o = {
    runs: 5,
    samples: 10_000,
    warmup: 2_000,
    hours: 8,
    json: null as string | null,
    pin: true,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--runs') o.runs = Number(value());
    else if (arg === '--samples') o.samples = Number(value());
    else if (arg === '--warmup') o.warmup = Number(value());
    else if (arg === '--hours') o.hours = Number(value());
    else if (arg === '--json') o.json = value();
    else if (arg === '--no-pin') o.pin = false;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else only.push(arg);
  }
  return { ...o, only };
}

function selected(opts: Options, id: string, group: string): boolean {
  return opts.only.length === 0 || opts.only.includes(id) || opts.only.includes(group);
}

function pinCpu(opts: Options): number | null {
  if (!opts.pin) return null;
  const cpu = availableParallelism() - 1;
  const probe = spawnSync('taskset', ['-c', String(cpu), 'true']);
  return probe.status === 0 ? cpu : null;
}

const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));

function runWorker<T>(
  cpu: number | null,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): T {
  const node = [process.execPath, ...nodeFlags, '--import', 'tsx', worker, ...args];
  const [cmd, ...rest] = cpu === null ? node : ['taskset', '-c', String(cpu), ...node];
  const child = spawnSync(cmd!, rest, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0) throw new Error(`benchmark worker failed: ${args.join(' ')}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

/** What the benchmarks run: the engine, the telephony adapter, the runtime and the simulator. */
const MEASURED_PATHS = ['packages/domain/src', 'packages/telephony/src', 'apps/server/src'];

/** Which code was measured: the commit, and whether the measured paths had uncommitted changes. */
function codeVersion(): string {
  const git = (...args: string[]) =>
    spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', ...MEASURED_PATHS)
    .split('\n')
    .filter(Boolean).length;
  const note =
    dirty > 0 ? `, with ${dirty} uncommitted paths under ${MEASURED_PATHS.join(', ')}` : ', clean';
  return `- Code: commit ${head}${note}`;
}

function repeat<T>(label: string, runs: number, once: () => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < runs; i += 1) {
    process.stderr.write(`${label}: run ${i + 1}/${runs}\n`);
    out.push(once());
  }
  return out;
}

function main(): void {
  const opts = parse(process.argv.slice(2));
  const cpu = pinCpu(opts);
  const started = Date.now();
  const sections: string[] = ['## Machine', `${machine(cpu)}\n${codeVersion()}`];
  const raw: Record<string, unknown> = {};

  const routing = ROUTING_SCENARIOS.filter((s) => selected(opts, s.id, 'routing')).map(
    (scenario) => {
      const args = [
        'routing',
        scenario.id,
        String(opts.samples),
        String(opts.warmup),
        String(SEED),
      ];
      const runs = repeat(scenario.id, opts.runs, () => runWorker<RoutingResult>(cpu, args));
      raw[scenario.id] = runs;
      return { scenario, runs };
    },
  );
  if (routing.length > 0) {
    sections.push(
      '## Routing decision latency (1,000 agents, 10,000 waiting)',
      `${opts.runs} runs × ${opts.samples.toLocaleString('en-US')} timed \`handle()\` calls after ${opts.warmup.toLocaleString('en-US')} warm-up calls; median of the runs (min–max).`,
      routingTable(routing),
    );
  }

  const center = CENTER_DRIVERS.filter((d) => selected(opts, d.id, 'center')).map(
    ({ id, driver, nodeFlags }) => {
      const args = ['center', driver, String(opts.hours), String(SEED)];
      const runs = repeat(id, opts.runs, () => runWorker<CenterRun>(cpu, args, nodeFlags));
      raw[id] = runs;
      const flags = nodeFlags.length > 0 ? `, \`node ${nodeFlags.join(' ')}\`` : '';
      return { id, driver: `${runs[0]!.driver}${flags}`, runs };
    },
  );
  if (center.length > 0) {
    sections.push(
      `## ${opts.hours} hours of a 500-agent center at 20,000 calls/hour`,
      `${opts.runs} runs, same seed; median of the runs (min–max). Wall and CPU time cover the simulated hours and the drain after them.`,
      centerTable(center, opts.hours),
    );
  }

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const total = ((Date.now() - started) / 1_000).toFixed(0);
  sections.push(
    `_${opts.runs} runs per benchmark; total ${total} s; load average at the end ${load}._`,
  );
  console.log(sections.join('\n\n'));
  if (opts.json !== null)
    writeFileSync(opts.json, JSON.stringify({ machine: machine(cpu), opts, raw }, null, 2));
}

main();
