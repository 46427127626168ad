import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const SCENARIOS = resolve(import.meta.dirname, 'scenarios');
const REPO = resolve(import.meta.dirname, '../..');

/** What one sipp run reports, from its -trace_stat, -trace_counts and -trace_rtt files. */
export interface SippResult {
  readonly created: number;
  readonly successful: number;
  readonly failed: number;
  readonly retransmissions: number;
  /** Messages by name, e.g. "200_Recv", counted at their first place in the scenario. */
  readonly counts: ReadonlyMap<string, number>;
  /** INVITE → 200 times in ms (Response Time 1), one per answered call. */
  readonly inviteTo200Ms: readonly number[];
}

export interface SippRun {
  readonly child: ChildProcess;
  /** Resolves when sipp exits on its own (after -m calls) or after stop(). */
  readonly done: Promise<SippResult>;
  /** Asks sipp to stop (SIGUSR1 ends it like the `q` key: no new calls, then exit). */
  stop(): void;
  /** Kills it at once. */
  kill(): void;
}

export interface SippOptions {
  readonly cpu: number | null;
  readonly scenario: 'caller' | 'agent';
  readonly target: string | null;
  readonly localPort: number;
  /** sipp opens an RTP echo socket even when it does not echo: keep it out of the way. */
  readonly mediaPort: number;
  readonly rtpPeerPort: number;
  readonly args: readonly string[];
}

function lastRow(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0]!.split(';');
  const row = lines[lines.length - 1]!.split(';');
  return new Map(header.map((h, i) => [h, row[i] ?? '']));
}

function collect(dir: string): SippResult {
  const files = readdirSync(dir);
  const find = (suffix: string) => {
    const f = files.find((n) => n.endsWith(suffix));
    return f === undefined ? null : join(dir, f);
  };
  const statFile = find('_.csv');
  const stat = statFile ? lastRow(statFile) : new Map<string, string>();
  const num = (k: string) => Number(stat.get(k) ?? 0);
  const counts = new Map<string, number>();
  const countFile = find('_counts.csv');
  if (countFile) {
    for (const [k, v] of lastRow(countFile)) {
      // Column names are "<index>_<message>_<what>"; the first occurrence of a message is the
      // one about the INVITE (a later 200 answers the BYE).
      const m = /^\d+_(\w+?_(?:Recv|Sent))$/.exec(k);
      if (m && !counts.has(m[1]!)) counts.set(m[1]!, Number(v));
    }
  }
  const rttFile = find('_rtt.csv');
  const rtt: number[] = [];
  if (rttFile) {
    for (const line of readFileSync(rttFile, 'utf8').split('\n').slice(1)) {
      const [, ms, rtd] = line.split(';');
      if (rtd?.trim() === '1') rtt.push(Number(ms));
    }
  }
  return {
    created: num('TotalCallCreated'),
    successful: num('SuccessfulCall(C)'),
    failed: num('FailedCall(C)'),
    retransmissions: num('Retransmissions(C)'),
    counts,
    inviteTo200Ms: rtt,
  };
}

/** Starts sipp pinned to the load generator's core, in a scratch directory for its files. */
export function startSipp(o: SippOptions): SippRun {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sip-run-'));
  const sipp = [
    'sipp',
    ...(o.target ? [o.target] : []),
    '-sf',
    join(SCENARIOS, `${o.scenario}.xml`),
    '-i',
    '127.0.0.1',
    '-mi',
    '127.0.0.1',
    '-p',
    String(o.localPort),
    '-mp',
    String(o.mediaPort),
    '-key',
    'rtp_peer',
    String(o.rtpPeerPort),
    '-nostdin',
    '-trace_stat',
    '-fd',
    '1',
    '-trace_counts',
    '-trace_rtt',
    '-rtt_freq',
    '1',
    '-buff_size',
    String(8 << 20),
    ...o.args,
  ];
  const [cmd, ...args] = o.cpu === null ? sipp : ['taskset', '-c', String(o.cpu), ...sipp];
  const child = spawn(cmd!, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<SippResult>((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      try {
        ok(collect(dir));
      } catch (err) {
        fail(new Error(`sipp (${code}): ${(err as Error).message}\n${stderr}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
  return {
    child,
    done,
    stop: () => child.kill('SIGUSR1'),
    kill: () => child.kill('SIGKILL'),
  };
}

/** One line a second from the RTP peer (rtp-peer.ts). */
export interface PeerSample {
  readonly t: number;
  readonly active: number;
  readonly received: number;
  readonly sent: number;
  readonly seen: number;
  readonly enough: number;
}

export interface RtpPeer {
  readonly pid: number;
  readonly port: number;
  readonly samples: PeerSample[];
  stop(): Promise<void>;
}

export async function startRtpPeer(cpu: number | null, port: number): Promise<RtpPeer> {
  const node = [
    process.execPath,
    '--import',
    'tsx',
    join(REPO, 'bench/sip/rtp-peer.ts'),
    String(port),
  ];
  const [cmd, ...args] = cpu === null ? node : ['taskset', '-c', String(cpu), ...node];
  const child = spawn(cmd!, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: PeerSample[] = [];
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<number>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`rtp peer exited (${code})`)));
    lines.on('line', (line) => {
      if (line.startsWith('ready ')) ok(Number(line.slice(6)));
      else if (line.startsWith('{')) samples.push(JSON.parse(line) as PeerSample);
    });
  });
  const bound = await ready;
  return {
    pid: child.pid!,
    port: bound,
    samples,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
