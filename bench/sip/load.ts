import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SipServer } from './sip-server.js';
import { startSipp, type PeerSample, type SippResult } from './sipp.js';

/** Where the load generator runs: the server's core and the other one (null: not pinned). */
export interface Cores {
  readonly server: number | null;
  readonly load: number | null;
}

/** A free UDP port on loopback (the kernel's pick; closed again at once). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', ok));
  const port = s.address().port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/** The server's CPU time and memory, read once a second during a sipp run. */
export interface ServerSample {
  readonly t: number;
  readonly cpu: number;
  readonly rssKb: number;
}

export function sampleServer(
  server: SipServer,
  everyMs = 1_000,
): { samples: ServerSample[]; stop(): void } {
  const samples: ServerSample[] = [];
  const take = () => {
    try {
      samples.push({ t: Date.now(), cpu: server.cpuSeconds(), rssKb: server.rssKb() });
    } catch {
      /* the server exited; the run reports it */
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return { samples, stop: () => (clearInterval(timer), take()) };
}

/** Server CPU use in [from, to] (ms since the epoch) as a share of one core. */
export function cpuShare(samples: readonly ServerSample[], from: number, to: number): number {
  const inside = samples.filter((s) => s.t >= from && s.t <= to);
  if (inside.length < 2) return Number.NaN;
  const a = inside[0]!;
  const b = inside[inside.length - 1]!;
  return (b.cpu - a.cpu) / ((b.t - a.t) / 1_000);
}

export function meanOf(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((x, y) => x + y, 0) / values.length;
}

export function peerWindow(samples: readonly PeerSample[], from: number, to: number): PeerSample[] {
  return samples.filter((s) => s.t >= from && s.t <= to);
}

/** Nearest-rank p95 of the INVITE → 200 times. */
export function p95(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

/** Calls that ended without a 200 or a 503: sipp's failed calls. */
export function failedShare(r: SippResult): number {
  return r.created === 0 ? 1 : r.failed / r.created;
}

export interface CallerLoad {
  readonly cores: Cores;
  readonly sipPort: number;
  readonly rtpPeerPort: number;
  /** New calls a second. */
  readonly rate: number;
  readonly calls: number;
  readonly holdMs: number;
  /** Cap on simultaneous calls (sipp -l). */
  readonly limit: number;
}

/** Runs the caller scenario to the end (every call placed and finished or failed). */
export async function runCallers(
  l: CallerLoad,
): Promise<{ result: SippResult; startedAt: number }> {
  const localPort = await freeUdpPort();
  const mediaPort = await freeUdpPort();
  const startedAt = Date.now();
  const run = startSipp({
    cpu: l.cores.load,
    scenario: 'caller',
    target: `127.0.0.1:${l.sipPort}`,
    localPort,
    mediaPort,
    rtpPeerPort: l.rtpPeerPort,
    args: [
      '-s',
      '0312345678',
      '-r',
      String(l.rate),
      '-rp',
      '1000',
      '-l',
      String(l.limit),
      '-m',
      String(l.calls),
      '-d',
      String(l.holdMs),
      '-max_recv_loops',
      '10000',
      '-max_sched_loops',
      '10000',
    ],
  });
  const guard = setTimeout(() => run.kill(), (l.calls / l.rate) * 1_000 + l.holdMs + 60_000);
  try {
    return { result: await run.done, startedAt };
  } finally {
    clearTimeout(guard);
  }
}

/** Waits until the engine has no live call (or `ms` passes); returns the calls still live. */
export async function settle(
  server: SipServer,
  ms: number,
): Promise<{ live: number; waiting: number }> {
  const until = Date.now() + ms;
  for (;;) {
    const m = await server.metrics();
    const live = m.get('tsunagu_calls_live') ?? Number.NaN;
    const waiting = m.get('tsunagu_queue_waiting') ?? Number.NaN;
    if ((live === 0 && waiting === 0) || Date.now() > until) return { live, waiting };
    await sleep(500);
  }
}
