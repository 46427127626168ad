import { readdirSync, readFileSync } from 'node:fs';
import type { SipServer } from './sip-server.js';

/**
 * Where a run's time goes, sampled once a second beside the server's own sampler (`--probe`):
 *  - CPU of every process of the run: the server, each RTP peer, each sipp (the children of
 *    this process, told apart by their command line) and PostgreSQL (every `postgres` process
 *    on the machine: its server is not pinned and is not our child);
 *  - how long the server waited for a CPU while runnable (/proc/<pid>/schedstat): on a shared
 *    machine a pinned server can be starved of its core while its own CPU use looks low;
 *  - UDP datagrams the kernel dropped for a full receive buffer, per named port (/proc/net/udp);
 *  - from the server's /metrics: commit time and inputs per commit (group commit, ADR 10),
 *    event-loop delay, SIP legs and live calls.
 * A probe answers "is the load generator's core saturated?" and "is it the store or the event
 * loop?" for one run; it is off by default because its scrapes cost the server a little.
 */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProbeSample {
  readonly t: number;
  /** CPU seconds so far per process group (see `groupOf`). */
  readonly cpu: Readonly<Record<string, number>>;
  /** Seconds the server spent runnable but waiting for its core, so far. */
  readonly serverRunqueueSeconds: number;
  /** Receive-buffer drops so far per named port. */
  readonly drops: Readonly<Record<string, number>>;
  readonly commitSeconds: number;
  readonly commits: number;
  readonly committedInputs: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly sipLegs: number;
  readonly callsLive: number;
}

export interface ProbeSummary {
  /** Mean share of one core per group over the window. */
  readonly cpuShare: Readonly<Record<string, number>>;
  /** Share of the window the server was runnable but not running. */
  readonly serverRunqueueShare: number;
  /** Datagrams dropped in the window per named port. */
  readonly drops: Readonly<Record<string, number>>;
  readonly commitsPerSec: number;
  readonly meanCommitMs: number;
  readonly inputsPerCommit: number;
  /** Highest per-second p99 / max event-loop delay seen in the window. */
  readonly lagP99MsMax: number;
  readonly lagMaxMs: number;
  readonly sipLegsMax: number;
}

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function runqueueSecondsOf(pid: number): number {
  try {
    // schedstat: time on the CPU, time waiting on a run queue (ns), timeslices.
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return Number.NaN;
  }
}

/** Receive-buffer drops of the UDP sockets bound to `ports` (the last column of /proc/net/udp). */
function udpDrops(ports: Readonly<Record<string, number>>): Record<string, number> {
  const byPort = new Map<number, number>();
  try {
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 13) continue;
      const port = parseInt(f[1]!.split(':')[1]!, 16);
      byPort.set(port, (byPort.get(port) ?? 0) + Number(f[f.length - 1]));
    }
  } catch {
    /* no /proc/net/udp: no drops to report */
  }
  const out: Record<string, number> = {};
  for (const [name, port] of Object.entries(ports)) out[name] = byPort.get(port) ?? 0;
  return out;
}

function readProc(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

/** A child's group from its command line; null for processes the probe does not follow. */
function groupOf(cmdline: string, named: ReadonlyMap<number, string>, pid: number): string | null {
  const name = named.get(pid);
  if (name !== undefined) return name;
  if (cmdline.includes('rtp-peer.ts')) return 'rtp peer';
  if (cmdline.includes('caller.xml')) return 'sipp-callers';
  if (cmdline.includes('agent.xml')) return 'sipp-agents';
  return null;
}

/** CPU seconds so far of this process's children by group, and of all postgres processes. */
function cpuByGroup(
  named: ReadonlyMap<number, string>,
  /** Last CPU seconds seen per postgres pid: backends come and go, their time must not. */
  postgresPids: Map<string, number>,
): Record<string, number> {
  const out: Record<string, number> = { postgres: 0 };
  const self = String(process.pid);
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = readProc(pid, 'stat');
    if (stat === '') continue;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (comm === 'postgres') {
      postgresPids.set(pid, cpuSecondsOf(Number(pid)));
      continue;
    }
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    if (ppid !== self) continue;
    const group = groupOf(readProc(pid, 'cmdline').replace(/\0/g, ' '), named, Number(pid));
    if (group !== null) out[group] = (out[group] ?? 0) + cpuSecondsOf(Number(pid));
  }
  for (const seconds of postgresPids.values()) out.postgres! += seconds;
  return out;
}

export function startProbe(
  server: SipServer,
  ports: Readonly<Record<string, number>>,
  /** Names for children by pid (the server is named 'server' anyway). */
  pids: Readonly<Record<string, number>> = {},
  everyMs = 1_000,
): { samples: ProbeSample[]; stop(): Promise<void> } {
  const samples: ProbeSample[] = [];
  const seen = new Map<string, number>();
  const named = new Map<number, string>([[server.pid, 'server']]);
  for (const [name, pid] of Object.entries(pids)) named.set(pid, name);
  let busy = false;
  const take = async () => {
    if (busy) return;
    busy = true;
    try {
      const t = Date.now();
      const cpu = cpuByGroup(named, seen);
      const serverRunqueueSeconds = runqueueSecondsOf(server.pid);
      const drops = udpDrops(ports);
      const m = await server.metrics();
      const get = (k: string) => m.get(k) ?? Number.NaN;
      samples.push({
        t,
        cpu,
        serverRunqueueSeconds,
        drops,
        commitSeconds: get('tsunagu_commit_duration_seconds_sum'),
        commits: get('tsunagu_commit_duration_seconds_count'),
        committedInputs: get('tsunagu_commit_batch_inputs_sum'),
        lagP99Ms: get('nodejs_eventloop_lag_p99_seconds') * 1_000,
        lagMaxMs: get('nodejs_eventloop_lag_max_seconds') * 1_000,
        sipLegs: get('tsunagu_sip_legs'),
        callsLive: get('tsunagu_calls_live'),
      });
    } catch {
      /* the server is gone or slow; the run reports it */
    } finally {
      busy = false;
    }
  };
  void take();
  const timer = setInterval(() => void take(), everyMs);
  return {
    samples,
    async stop() {
      clearInterval(timer);
      await take();
    },
  };
}

export function summarize(samples: readonly ProbeSample[], from: number, to: number): ProbeSummary {
  const inside = samples.filter((s) => s.t >= from && s.t <= to);
  const a = inside[0];
  const b = inside[inside.length - 1];
  if (!a || !b || b.t <= a.t)
    return {
      cpuShare: {},
      serverRunqueueShare: Number.NaN,
      drops: {},
      commitsPerSec: Number.NaN,
      meanCommitMs: Number.NaN,
      inputsPerCommit: Number.NaN,
      lagP99MsMax: Number.NaN,
      lagMaxMs: Number.NaN,
      sipLegsMax: Number.NaN,
    };
  const sec = (b.t - a.t) / 1_000;
  const cpuShare: Record<string, number> = {};
  for (const k of Object.keys(b.cpu)) {
    cpuShare[k] = ((b.cpu[k] ?? 0) - (a.cpu[k] ?? 0)) / sec;
  }
  const commits = b.commits - a.commits;
  const drops: Record<string, number> = {};
  for (const k of Object.keys(b.drops)) drops[k] = (b.drops[k] ?? 0) - (a.drops[k] ?? 0);
  return {
    cpuShare,
    serverRunqueueShare: (b.serverRunqueueSeconds - a.serverRunqueueSeconds) / sec,
    drops,
    commitsPerSec: commits / sec,
    meanCommitMs: ((b.commitSeconds - a.commitSeconds) / commits) * 1_000,
    inputsPerCommit: (b.committedInputs - a.committedInputs) / commits,
    lagP99MsMax: Math.max(...inside.map((s) => s.lagP99Ms)),
    lagMaxMs: Math.max(...inside.map((s) => s.lagMaxMs)),
    sipLegsMax: Math.max(...inside.map((s) => s.sipLegs)),
  };
}

export function formatSummary(s: ProbeSummary): string {
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  const cpu = Object.entries(s.cpuShare)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([k, v]) => `${k} ${pct(v)}`)
    .join(', ');
  const drops = Object.entries(s.drops)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `CPU ${cpu}; server waited for its core ${pct(s.serverRunqueueShare)}; UDP drops ${drops}; commits ${s.commitsPerSec.toFixed(0)}/s, ${s.meanCommitMs.toFixed(1)} ms each, ` +
    `${s.inputsPerCommit.toFixed(1)} inputs each; event-loop delay p99 ≤ ${s.lagP99MsMax.toFixed(0)} ms, ` +
    `max ${s.lagMaxMs.toFixed(0)} ms; SIP legs ≤ ${s.sipLegsMax}`
  );
}

/** How INVITE→200 times spread: a backlog grows them all, a lost message makes a far tail. */
export function spread(ms: readonly number[]): string {
  const edges = [200, 1_000, 5_000, 15_000, Infinity];
  let lo = 0;
  return edges
    .map((hi) => {
      const n = ms.filter((v) => v >= lo && v < hi).length;
      const label =
        hi === Infinity ? `≥ ${lo / 1000} s` : `< ${hi >= 1000 ? `${hi / 1000} s` : `${hi} ms`}`;
      lo = hi;
      return `${label} ${n}`;
    })
    .join(', ');
}
