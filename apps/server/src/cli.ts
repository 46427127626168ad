import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { agentsForServiceLevel, erlangCMetrics } from '@tsunagu/domain';
import {
  DEFAULT_SIMULATION,
  formatReport,
  overrideSimulationConfig,
  SIMULATION_SCENARIOS,
  runSimulation,
  SimulationConfigError,
  type SimulationConfig,
} from './simulate/index.js';
import { int, pct, sec, table } from './simulate/format.js';
import { serve } from './serve.js';

/**
 * The `tsunagu` command line. Exit codes: 0 done, 1 unexpected failure, 2 bad command or
 * option (with a message saying which and why).
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const D = DEFAULT_SIMULATION;

export const HELP = `tsunagu: the Tsunagu contact center / つなぐ コンタクトセンター

Usage / 使い方:
  tsunagu serve [settings]     Run the contact center: API, docs, engine (see tsunagu serve --help)
  tsunagu simulate [options]   Run the real routing engine on synthetic traffic (BEY-05)
  tsunagu erlang [options]     Erlang C staffing figures / アーランC
  tsunagu help                 Show this help (also --help, -h)

simulate options:
  --scenario NAME              Start from a named run: ${Object.keys(SIMULATION_SCENARIOS).join(', ')} (options below override it)
  --seed N                     Random seed (default ${D.seed})
  --hours H                    Hours of arrivals (default ${D.durationHours})
  --drain-hours H              Time after that for calls in progress to finish (default ${D.drainHours})
  --agents N                   Agents, all available from the start (default ${D.agents})
  --calls-per-hour R           Poisson arrival rate (default ${String(D.arrivalsPerHour)})
  --aht-sec S                  Mean talk time in seconds (default ${D.talkTime.meanSec})
  --talk exponential|lognormal Talk time distribution (default ${D.talkTime.kind})
  --talk-sigma X               Lognormal sigma of log talk time (default 0.8)
  --patience-sec S|none        Mean caller patience, exponential; none: nobody abandons (default ${D.patienceSec ?? 'none'})
  --callback-uptake P          Share of callers who take the callback offer, 0..1 (default ${D.callbackUptake})
  --no-callbacks               Do not offer callbacks
  --mode customer-first|agent-first
                               Callback mode (default ${D.queue.callback.mode})
  --min-waiting N              Offer callbacks when N or more wait (default ${D.queue.callback.minWaiting})
  --strategy ordered|longest-idle|round-robin
                               Agent selection (default ${D.queue.strategy})
  --wrap-up-sec S              Wrap-up after each call (default ${D.queue.wrapUpSec})
  --sl-sec T                   Service level threshold (default ${D.queue.serviceLevelSec})
  --answer-delay-sec S         Agent ring time before answering (default ${D.agentAnswerDelaySec})
  --json                       Print the report as JSON

erlang options:
  --calls-per-hour R           Arrival rate (required)
  --aht-sec S                  Average handle time in seconds (required)
  --agents N                   Agents (required)
  --sl-sec T                   Service level threshold (default 20)
  --target P                   Service level target for the staffing answer (default 0.8)
  --json                       Print the figures as JSON

Exit codes: 0 ok, 1 unexpected error, 2 bad command or option.
`;

class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

const SIMULATE_OPTIONS = {
  scenario: { type: 'string' },
  seed: { type: 'string' },
  hours: { type: 'string' },
  'drain-hours': { type: 'string' },
  agents: { type: 'string' },
  'calls-per-hour': { type: 'string' },
  'aht-sec': { type: 'string' },
  talk: { type: 'string' },
  'talk-sigma': { type: 'string' },
  'patience-sec': { type: 'string' },
  'callback-uptake': { type: 'string' },
  'no-callbacks': { type: 'boolean' },
  mode: { type: 'string' },
  'min-waiting': { type: 'string' },
  strategy: { type: 'string' },
  'wrap-up-sec': { type: 'string' },
  'sl-sec': { type: 'string' },
  'answer-delay-sec': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ERLANG_OPTIONS = {
  'calls-per-hour': { type: 'string' },
  'aht-sec': { type: 'string' },
  agents: { type: 'string' },
  'sl-sec': { type: 'string' },
  target: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which option sets which simulation setting, to name the option in error messages. */
const OPTION_OF_SETTING: Record<string, string> = {
  seed: '--seed',
  durationHours: '--hours',
  drainHours: '--drain-hours',
  agents: '--agents',
  arrivalsPerHour: '--calls-per-hour',
  'talkTime.kind': '--talk',
  'talkTime.meanSec': '--aht-sec',
  'talkTime.sigma': '--talk-sigma',
  patienceSec: '--patience-sec',
  callbackUptake: '--callback-uptake',
  'queue.callback.mode': '--mode',
  'queue.callback.minWaiting': '--min-waiting',
  'queue.strategy': '--strategy',
  'queue.wrapUpSec': '--wrap-up-sec',
  'queue.serviceLevelSec': '--sl-sec',
  agentAnswerDelaySec: '--answer-delay-sec',
};

/** `--agents -1` would read as two options; glue a negative number to its option. */
function glueNegativeValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (
      arg.startsWith('--') &&
      !arg.includes('=') &&
      next !== undefined &&
      /^-(\d|\.\d)/.test(next)
    ) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else out.push(arg);
  }
  return out;
}

function numberOption(values: Values, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim())) {
    throw new UsageError(`--${name} must be a number, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function requiredNumber(values: Values, name: string): number {
  const n = numberOption(values, name);
  if (n === undefined) throw new UsageError(`--${name} is required`);
  return n;
}

function simulationConfig(v: Values): SimulationConfig {
  const ahtGiven = numberOption(v, 'aht-sec');
  const aht = ahtGiven ?? D.talkTime.meanSec;
  const talkKind = (v.talk as string | undefined) ?? D.talkTime.kind;
  const talkGiven = ahtGiven !== undefined || v.talk !== undefined;
  const patience = v['patience-sec'];
  const callback: Record<string, unknown> = {};
  if (v['no-callbacks'] === true) callback.enabled = false;
  if (v.mode !== undefined) callback.mode = v.mode;
  const minWaiting = numberOption(v, 'min-waiting');
  if (minWaiting !== undefined) callback.minWaiting = minWaiting;
  const queue: Record<string, unknown> = { callback };
  if (v.strategy !== undefined) queue.strategy = v.strategy;
  const wrapUp = numberOption(v, 'wrap-up-sec');
  if (wrapUp !== undefined) queue.wrapUpSec = wrapUp;
  const sl = numberOption(v, 'sl-sec');
  if (sl !== undefined) queue.serviceLevelSec = sl;
  return {
    seed: numberOption(v, 'seed'),
    durationHours: numberOption(v, 'hours'),
    drainHours: numberOption(v, 'drain-hours'),
    agents: numberOption(v, 'agents'),
    arrivalsPerHour: numberOption(v, 'calls-per-hour'),
    talkTime: !talkGiven
      ? undefined
      : talkKind === 'lognormal'
        ? { kind: 'lognormal', meanSec: aht, sigma: numberOption(v, 'talk-sigma') ?? 0.8 }
        : ({ kind: talkKind, meanSec: aht } as SimulationConfig['talkTime']),
    patienceSec: patience === 'none' ? null : numberOption(v, 'patience-sec'),
    callbackUptake: numberOption(v, 'callback-uptake'),
    agentAnswerDelaySec: numberOption(v, 'answer-delay-sec'),
    queue: queue as SimulationConfig['queue'],
  };
}

function simulate(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: SIMULATE_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const given = simulationConfig(values);
  let config = given;
  if (values.scenario !== undefined) {
    const preset = SIMULATION_SCENARIOS[values.scenario];
    if (!preset) {
      const names = Object.keys(SIMULATION_SCENARIOS).join(', ');
      throw new UsageError(
        `--scenario must be one of ${names}, got ${JSON.stringify(values.scenario)}`,
      );
    }
    config = overrideSimulationConfig(preset, given);
  }
  const report = runSimulation(config);
  io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return 0;
}

const MAX_AGENTS = 100_000;

/** Agents needed for the target, or null when even MAX_AGENTS is not enough. */
function staffingFor(rate: number, aht: number, slSec: number, target: number): number | null {
  try {
    return agentsForServiceLevel(rate, aht, slSec, target, MAX_AGENTS);
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}

function erlang(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: ERLANG_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const arrivalsPerHour = requiredNumber(values, 'calls-per-hour');
  const averageHandleSec = requiredNumber(values, 'aht-sec');
  const agents = requiredNumber(values, 'agents');
  const serviceLevelSec = numberOption(values, 'sl-sec') ?? 20;
  const target = numberOption(values, 'target') ?? 0.8;
  if (!(arrivalsPerHour >= 0))
    throw new UsageError(`--calls-per-hour must be 0 or more, got ${arrivalsPerHour}`);
  if (!(averageHandleSec > 0))
    throw new UsageError(`--aht-sec must be above 0, got ${averageHandleSec}`);
  if (!Number.isInteger(agents) || agents < 0 || agents > MAX_AGENTS) {
    throw new UsageError(`--agents must be a whole number from 0 to ${MAX_AGENTS}, got ${agents}`);
  }
  if (!(serviceLevelSec >= 0))
    throw new UsageError(`--sl-sec must be 0 or more, got ${serviceLevelSec}`);
  if (!(target >= 0 && target < 1))
    throw new UsageError(`--target must be from 0 to below 1, got ${target}`);
  const m = erlangCMetrics({ arrivalsPerHour, averageHandleSec, agents, serviceLevelSec });
  const needed = staffingFor(arrivalsPerHour, averageHandleSec, serviceLevelSec, target);
  if (values.json) {
    io.out(
      `${JSON.stringify({ arrivalsPerHour, averageHandleSec, agents, serviceLevelSec, ...m, target, agentsForTarget: needed }, null, 2)}\n`,
    );
    return 0;
  }
  const unstable = 'unstable: more agents than Erlangs needed / 不安定';
  io.out(
    `${table('Erlang C / アーランC', [
      ['Calls per hour / 1時間あたりの着信数', int(arrivalsPerHour)],
      ['Average handle time / 平均処理時間', `${averageHandleSec} s`],
      ['Agents / エージェント数', int(agents)],
      ['Traffic / 呼量', `${m.trafficErlangs.toFixed(2)} Erl`],
      ['Occupancy / 稼働率', pct(m.occupancy)],
      ['Probability of waiting / 待ち確率', m.stable ? pct(m.probabilityOfWait) : unstable],
      [
        `Service level / サービスレベル (${serviceLevelSec} s)`,
        m.stable ? pct(m.serviceLevel) : unstable,
      ],
      [
        'Average speed of answer / 平均応答速度',
        m.stable ? sec(m.averageSpeedOfAnswerSec) : unstable,
      ],
      [
        `Agents for ${pct(target)} in ${serviceLevelSec} s / 必要エージェント数`,
        needed === null ? `more than ${int(MAX_AGENTS)}` : int(needed),
      ],
    ])}\n`,
  );
  return 0;
}

function describe(err: unknown): string | null {
  if (err instanceof UsageError) return err.message;
  if (err instanceof SimulationConfigError) {
    const option = OPTION_OF_SETTING[err.setting] ?? err.setting;
    return `${option} must be ${err.rule}, got ${JSON.stringify(err.value) ?? String(err.value)}`;
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return (err as Error).message;
  return null;
}

/** Runs one command line; returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo = stdio): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return serve(rest, io);
      case 'simulate':
        return simulate(glueNegativeValues(rest), io);
      case 'erlang':
        return erlang(glueNegativeValues(rest), io);
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      case undefined:
        io.err(HELP);
        return 2;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    const message = describe(err);
    if (message === null) throw err;
    io.err(`tsunagu: ${message}\nRun 'tsunagu --help' for usage.\n`);
    return 2;
  }
}

const stdio: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  void Promise.resolve(runCli(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
