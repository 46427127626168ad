import { freeUdpPort, runCallers, sampleServer, type Cores } from './load.js';
import {
  callersAtRate,
  holdCapacity,
  overload,
  startAgentPhones,
  startRtpPeer,
  type Context,
  type Point,
} from './scenarios.js';
import { prepareAgents, prepareQueue } from './setup.js';
import { startSipServer } from './sip-server.js';

export interface Plan {
  readonly runs: number;
  readonly seconds: number;
  readonly holdMs: number;
  readonly queueRates: readonly number[];
  readonly bridgedRates: readonly number[];
  readonly holdCalls: readonly number[];
  readonly holdPlateauSec: number;
  readonly overloadOffered: number;
  readonly overloadMaxLegs: number;
  readonly soakMinutes: number;
  readonly soakRate: number;
  readonly logLevel: string;
  readonly cpuProfDir: string | null;
  /** PostgreSQL for the server's store (a fresh database per run); null: in-process PGlite. */
  readonly databaseUrl: string | null;
  /** PGlite on disk (a fresh folder per run) instead of in memory; ignored with databaseUrl. */
  readonly pgliteOnDisk: boolean;
  /** Sample every process's CPU, commits and event-loop delay in queue-join and bridged. */
  readonly probe?: boolean;
}

/** One run's server set-up that varies within a benchmark (interleaved runs). */
export interface RunVariant {
  readonly rtpIo: string;
}

/** RSS over a soak: flat memory means the late minutes look like the early ones. */
export interface Soak {
  readonly rate: number;
  readonly minutes: number;
  readonly concurrent: number;
  readonly rssMbAt1Min: number;
  readonly rssMbAtEnd: number;
  readonly rssMbMax: number;
  /** Least-squares slope of RSS over the second half, MB per minute. */
  readonly slopeMbPerMin: number;
  readonly failed: number;
  readonly created: number;
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

async function soak(ctx: Context, plan: Plan): Promise<Soak> {
  const sampler = sampleServer(ctx.server, 5_000);
  const { result, startedAt } = await runCallers({
    cores: ctx.cores,
    sipPort: ctx.sipPort,
    rtpPeerPort: ctx.callerPeer.port,
    rate: plan.soakRate,
    calls: Math.round(plan.soakRate * plan.soakMinutes * 60),
    holdMs: plan.holdMs,
    limit: Math.ceil(plan.soakRate * (plan.holdMs / 1_000 + 2) * 2),
  });
  sampler.stop();
  const end = startedAt + plan.soakMinutes * 60_000;
  const s = sampler.samples.filter((x) => x.t <= end);
  const at = (t: number) => s.find((x) => x.t >= t) ?? s[s.length - 1]!;
  const half = s.filter((x) => x.t >= startedAt + (end - startedAt) / 2);
  return {
    rate: plan.soakRate,
    minutes: plan.soakMinutes,
    concurrent: (plan.soakRate * plan.holdMs) / 1_000,
    rssMbAt1Min: at(startedAt + 60_000).rssKb / 1024,
    rssMbAtEnd: s[s.length - 1]!.rssKb / 1024,
    rssMbMax: Math.max(...s.map((x) => x.rssKb)) / 1024,
    slopeMbPerMin: slope(
      half.map((x) => (x.t - startedAt) / 60_000),
      half.map((x) => x.rssKb / 1024),
    ),
    failed: result.failed,
    created: result.created,
  };
}

/** Levels of a scenario, lowest first; the scenario stops at the first one that fails. */
function levels(name: string, plan: Plan): readonly number[] {
  if (name === 'queue-join') return plan.queueRates;
  if (name === 'bridged') return plan.bridgedRates;
  if (name === 'hold') return plan.holdCalls;
  if (name === 'overload') return [plan.overloadOffered];
  if (name === 'soak') return [plan.soakRate];
  throw new Error(`unknown scenario ${name}`);
}

/** One run of one scenario on a fresh server. */
export async function runScenario(
  name: string,
  plan: Plan,
  cores: Cores,
  sipPort: number,
  log: (text: string) => void,
  variant: RunVariant = { rtpIo: 'auto' },
): Promise<{ points: Point[]; soak: Soak | null }> {
  const steps = levels(name, plan);
  const bridged = name === 'bridged';
  const phonesPort = bridged ? await freeUdpPort() : null;
  const server = await startSipServer({
    cpu: cores.server,
    sipPort,
    outboundPort: phonesPort,
    maxLegs: name === 'overload' ? plan.overloadMaxLegs : 100_000,
    logLevel: plan.logLevel,
    nodeFlags: plan.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${plan.cpuProfDir}`] : [],
    databaseUrl: plan.databaseUrl,
    pgliteOnDisk: plan.pgliteOnDisk,
    rtpIo: variant.rtpIo,
  });
  const callerPeer = await startRtpPeer(cores.load, 0);
  const agentPeer = bridged ? await startRtpPeer(cores.load, 0) : null;
  const phones = bridged ? await startAgentPhones(cores, phonesPort!, agentPeer!) : null;
  const points: Point[] = [];
  let soakResult: Soak | null = null;
  try {
    if (bridged) {
      // Enough agents for the highest rate: every call holds its agent for the hold time.
      const agents = Math.ceil(Math.max(...steps) * (plan.holdMs / 1_000 + 1) * 1.3);
      await prepareAgents(server, agents);
      log(`  ${agents} agents available`);
    } else {
      await prepareQueue(server);
    }
    const ctx: Context = {
      server,
      cores,
      sipPort,
      callerPeer,
      agentPeer,
      agentPhonesPort: phonesPort,
      probe: plan.probe ?? false,
    };
    for (const level of steps) {
      let point: Point;
      if (name === 'queue-join' || name === 'bridged')
        point = await callersAtRate(ctx, name, level, plan.seconds, plan.holdMs);
      else if (name === 'hold') point = await holdCapacity(ctx, level, 100, plan.holdPlateauSec);
      else if (name === 'overload')
        point = await overload(ctx, level, plan.seconds, Math.max(plan.holdMs, 5_000));
      else {
        soakResult = await soak(ctx, plan);
        log(`  soak: ${JSON.stringify(soakResult)}`);
        break;
      }
      points.push(point);
      log(
        `  ${name} ${level}: ${point.pass ? 'pass' : 'FAIL'} achieved ${point.achieved.toFixed(0)}, ` +
          `failed ${(point.failedShare * 100).toFixed(2)}%, p95 ${point.p95Ms} ms, ` +
          `CPU ${(point.cpuShare * 100).toFixed(0)}%, 503 ${point.refused503}, stuck ${point.stuck}; ${point.note}`,
      );
      if (point.probe) log(`    probe: ${point.probe}`);
      if (!point.pass) break;
    }
  } finally {
    phones?.stop();
    phones?.kill();
    await callerPeer.stop();
    await agentPeer?.stop();
    await server.stop();
  }
  return { points, soak: soakResult };
}
