import { setTimeout as sleep } from 'node:timers/promises';
import {
  cpuShare,
  failedShare,
  freeUdpPort,
  meanOf,
  p95,
  peerWindow,
  runCallers,
  sampleServer,
  settle,
  type Cores,
} from './load.js';
import { formatSummary, spread, startProbe, summarize } from './probe.js';
import type { SipServer } from './sip-server.js';
import { startRtpPeer, startSipp, type RtpPeer } from './sipp.js';

/** The pass line of issue #4, applied to every point. */
export const PASS = { failedShare: 0.01, p95Ms: 200, cpuShare: 0.8 } as const;

/** One measured point: one scenario at one rate (or one number of held calls), one run. */
export interface Point {
  readonly scenario: string;
  /** Calls a second offered, or callers held for hold-capacity. */
  readonly level: number;
  readonly created: number;
  readonly answered: number;
  readonly refused503: number;
  readonly failedShare: number;
  readonly p95Ms: number;
  readonly cpuShare: number;
  /** Calls that did what the scenario is about: joined, bridged with RTP, held with music. */
  readonly achieved: number;
  /** Streams the RTP peer heard in the steady part, and packets a second it received. */
  readonly rtpStreams: number;
  readonly rtpPacketsPerSec: number;
  readonly rssKb: number;
  /** Hold capacity only: (RSS held − RSS before) / callers. */
  readonly kbPerCall: number;
  /** Engine calls still live (plus callers still waiting) after the run settled. */
  readonly stuck: number;
  readonly pass: boolean;
  readonly note: string;
  /** With --probe: CPU per process, commits and event-loop delay over the steady part. */
  readonly probe?: string;
}

export interface Context {
  readonly server: SipServer;
  readonly cores: Cores;
  readonly sipPort: number;
  readonly callerPeer: RtpPeer;
  /** The agents' RTP peer and phones' port, bridged only. */
  readonly agentPeer: RtpPeer | null;
  readonly agentPhonesPort: number | null;
  /** Sample every process's CPU and the server's commit and event-loop figures (probe.ts). */
  readonly probe?: boolean;
}

const passes = (failed: number, p95Ms: number, cpu: number) =>
  failed < PASS.failedShare && p95Ms < PASS.p95Ms && cpu < PASS.cpuShare;

async function stuckAfter(ctx: Context): Promise<number> {
  const { live, waiting } = await settle(ctx.server, 15_000);
  return live + waiting;
}

/**
 * Callers into the queue number at `rate` a second for `seconds`, each holding `holdMs` (music
 * in the queue when nobody is free, or an agent once bridged). The steady part, where CPU and
 * RTP are read, runs from when the first callers start hanging up until the last call is placed.
 */
export async function callersAtRate(
  ctx: Context,
  scenario: 'queue-join' | 'bridged',
  rate: number,
  seconds: number,
  holdMs: number,
): Promise<Point> {
  const sampler = sampleServer(ctx.server);
  const probe = ctx.probe
    ? startProbe(
        ctx.server,
        {
          'server SIP': ctx.sipPort,
          'caller peer': ctx.callerPeer.port,
          ...(ctx.agentPhonesPort !== null ? { 'agent phones': ctx.agentPhonesPort } : {}),
          ...(ctx.agentPeer ? { 'agent peer': ctx.agentPeer.port } : {}),
        },
        {
          'caller peer': ctx.callerPeer.pid,
          ...(ctx.agentPeer ? { 'agent peer': ctx.agentPeer.pid } : {}),
        },
      )
    : null;
  const agentsBefore = ctx.agentPeer?.samples.at(-1)?.enough ?? 0;
  const { result, startedAt } = await runCallers({
    cores: ctx.cores,
    sipPort: ctx.sipPort,
    rtpPeerPort: ctx.callerPeer.port,
    rate,
    calls: Math.round(rate * seconds),
    holdMs,
    limit: Math.ceil(rate * (holdMs / 1_000 + 2) * 2),
  });
  sampler.stop();
  await probe?.stop();
  const from = startedAt + holdMs + 1_500;
  const to = startedAt + seconds * 1_000;
  const cpu = cpuShare(sampler.samples, from, to);
  const rtp = peerWindow(ctx.callerPeer.samples, from, to);
  await sleep(2_000); // the peer's last counts for the agents' streams
  const stuck = await stuckAfter(ctx);
  const offDuty = ctx.probe
    ? ((await ctx.server.metrics()).get('tsunagu_agents:off-duty') ?? 0)
    : 0;
  const answered = result.counts.get('200_Recv') ?? 0;
  const failed = failedShare(result);
  const p = p95(result.inviteTo200Ms);
  let achieved = answered;
  let ok = passes(failed, p, cpu) && stuck === 0;
  let note = '';
  if (scenario === 'bridged') {
    // Every answered caller must have reached an agent whose phone received their audio.
    achieved = (ctx.agentPeer?.samples.at(-1)?.enough ?? 0) - agentsBefore;
    ok &&= achieved >= 0.99 * answered;
    note = `${achieved} of ${answered} callers bridged with RTP`;
  } else {
    const expected = rate * (holdMs / 1_000);
    const streams = meanOf(rtp.map((s) => s.active));
    ok &&= streams >= 0.95 * expected;
    note = `${streams.toFixed(0)} streams with music, ${expected.toFixed(0)} callers expected`;
  }
  return {
    scenario,
    level: rate,
    created: result.created,
    answered,
    refused503: result.counts.get('503_Recv') ?? 0,
    failedShare: failed,
    p95Ms: p,
    cpuShare: cpu,
    achieved: achieved / seconds,
    rtpStreams: meanOf(rtp.map((s) => s.active)),
    rtpPacketsPerSec: meanOf(rtp.map((s) => s.received)),
    rssKb: meanOf(sampler.samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.rssKb)),
    kbPerCall: Number.NaN,
    stuck,
    pass: ok,
    note,
    ...(probe
      ? {
          probe: `${formatSummary(summarize(probe.samples, from, to))}; caller retransmissions ${result.retransmissions}; agents off duty after the run ${offDuty}; INVITE→200 ${spread(result.inviteTo200Ms)}; p95 of the first second's calls ${p95(result.inviteTo200Ms.slice(0, rate))} ms, of the rest ${p95(result.inviteTo200Ms.slice(rate))} ms`,
        }
      : {}),
  };
}

/**
 * Ramps to `callers` on hold at `rampRate` a second, keeps them for `plateauSec`, then lets them
 * hang up. Memory is RSS on the plateau against RSS just before the ramp (after a warm-up
 * batch, so module loading and JIT are not charged to the calls).
 */
export async function holdCapacity(
  ctx: Context,
  callers: number,
  rampRate: number,
  plateauSec: number,
): Promise<Point> {
  await runCallers({
    cores: ctx.cores,
    sipPort: ctx.sipPort,
    rtpPeerPort: ctx.callerPeer.port,
    rate: 50,
    calls: 100,
    holdMs: 1_000,
    limit: 200,
  });
  await settle(ctx.server, 10_000);
  await sleep(2_000);
  const rssBefore = ctx.server.rssKb();
  const rampMs = (callers / rampRate) * 1_000;
  const holdMs = rampMs + (plateauSec + 4) * 1_000;
  const sampler = sampleServer(ctx.server);
  const { result, startedAt } = await runCallers({
    cores: ctx.cores,
    sipPort: ctx.sipPort,
    rtpPeerPort: ctx.callerPeer.port,
    rate: rampRate,
    calls: callers,
    holdMs,
    limit: callers,
  });
  sampler.stop();
  const from = startedAt + rampMs + 3_000;
  const to = from + plateauSec * 1_000;
  const plateau = sampler.samples.filter((s) => s.t >= from && s.t <= to);
  const rss = meanOf(plateau.map((s) => s.rssKb));
  const cpu = cpuShare(sampler.samples, from, to);
  const rtp = peerWindow(ctx.callerPeer.samples, from, to);
  const streams = meanOf(rtp.map((s) => s.active));
  const packets = meanOf(rtp.map((s) => s.received));
  const stuck = await stuckAfter(ctx);
  const answered = result.counts.get('200_Recv') ?? 0;
  const failed = failedShare(result);
  const p = p95(result.inviteTo200Ms);
  // Music keeps flowing: every caller's stream heard, at 50 packets a second (5% slack).
  const musicOk = streams >= 0.99 * callers && packets >= 0.95 * 50 * callers;
  return {
    scenario: 'hold-capacity',
    level: callers,
    created: result.created,
    answered,
    refused503: result.counts.get('503_Recv') ?? 0,
    failedShare: failed,
    p95Ms: p,
    cpuShare: cpu,
    achieved: streams,
    rtpStreams: streams,
    rtpPacketsPerSec: packets,
    rssKb: rss,
    kbPerCall: (rss - rssBefore) / callers,
    stuck,
    pass: passes(failed, p, cpu) && musicOk && stuck === 0,
    note: `RSS ${(rssBefore / 1024).toFixed(0)} → ${(rss / 1024).toFixed(0)} MB`,
  };
}

/**
 * Offers `offered` simultaneous callers (rate × hold) to a server started with a lower
 * --sip-max-legs: the calls above the limit must get 503 with Retry-After (the scenario fails
 * a 503 without it), none may time out, and nothing may stay stuck afterwards.
 */
export async function overload(
  ctx: Context,
  offered: number,
  seconds: number,
  holdMs: number,
): Promise<Point> {
  const rate = Math.round(offered / (holdMs / 1_000));
  const sampler = sampleServer(ctx.server);
  const { result, startedAt } = await runCallers({
    cores: ctx.cores,
    sipPort: ctx.sipPort,
    rtpPeerPort: ctx.callerPeer.port,
    rate,
    calls: rate * seconds,
    holdMs,
    limit: offered,
  });
  sampler.stop();
  const cpu = cpuShare(sampler.samples, startedAt + holdMs, startedAt + seconds * 1_000);
  const stuck = await stuckAfter(ctx);
  const answered = result.counts.get('200_Recv') ?? 0;
  const refused = result.counts.get('503_Recv') ?? 0;
  const failed = failedShare(result);
  const p = p95(result.inviteTo200Ms);
  return {
    scenario: 'overload',
    level: offered,
    created: result.created,
    answered,
    refused503: refused,
    failedShare: failed,
    p95Ms: p,
    cpuShare: cpu,
    achieved: answered + refused,
    rtpStreams: Number.NaN,
    rtpPacketsPerSec: Number.NaN,
    rssKb: meanOf(sampler.samples.map((s) => s.rssKb)),
    kbPerCall: Number.NaN,
    stuck,
    pass: failed < PASS.failedShare && refused > 0 && stuck === 0 && p < PASS.p95Ms,
    note: `${answered} answered, ${refused} refused with 503 + Retry-After`,
  };
}

/** Starts the agents' phones: one sipp UAS answering every INVITE, media to `peer`. */
export async function startAgentPhones(cores: Cores, port: number, peer: RtpPeer) {
  return startSipp({
    cpu: cores.load,
    scenario: 'agent',
    target: null,
    localPort: port,
    mediaPort: await freeUdpPort(),
    rtpPeerPort: peer.port,
    args: ['-max_recv_loops', '10000', '-max_sched_loops', '10000'],
  });
}

export { startRtpPeer };
