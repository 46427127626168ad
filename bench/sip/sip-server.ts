import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { adminSession } from '../server/admin-session.js';
import { HttpClient } from '../server/http-client.js';

const REPO = resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'benchmark admin passphrase';
/** Linux reports utime/stime in clock ticks; 100 a second on every kernel we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface SipServerOptions {
  readonly cpu: number | null;
  readonly sipPort: number;
  /** The agents' phones (sipp UAS) for the bridged scenario: the trunk's outbound target. */
  readonly outboundPort: number | null;
  readonly maxLegs: number;
  readonly logLevel: string;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeFlags: readonly string[];
  /**
   * A PostgreSQL server to store into instead of the in-process PGlite: each server start gets
   * a new database on it (dropped at stop), so every run begins from the same empty store.
   */
  readonly databaseUrl: string | null;
  /** PGlite with its data in a fresh folder on disk (removed at stop) instead of memory://. */
  readonly pgliteOnDisk?: boolean;
  /** `--rtp-io` of the server: native, dgram or auto. */
  readonly rtpIo: string;
}

/** Runs `sql` on the maintenance connection `url` names. */
async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty database next to the one `url` names; returns its URL and how to drop it. */
async function freshDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tsunagu_bench_sip_${randomBytes(4).toString('hex')}`;
  await admin(url, `CREATE DATABASE ${name}`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return {
    url: fresh.toString(),
    drop: () => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * One `tsunagu serve` process on an in-memory PGlite store or a fresh PostgreSQL database (the demo center, queue `0312345678`), pinned
 * to its own core, with SIP on UDP loopback and one trunk that trusts 127.0.0.1. The runner reads
 * its CPU time and memory from /proc and its gauges from /metrics with an admin token.
 */
export interface SipServer {
  readonly pid: number;
  readonly api: HttpClient;
  /** The API's base URL and an admin bearer token, for requests `api` cannot make (raw bodies). */
  readonly url: URL;
  readonly token: string;
  /** utime + stime of the server process, in seconds. */
  cpuSeconds(): number;
  /** Resident set size, in KB. */
  rssKb(): number;
  /** /metrics, summed over labels: name → value (and agents by presence, `tsunagu_agents:<presence>`). */
  metrics(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

export async function startSipServer(o: SipServerOptions): Promise<SipServer> {
  const trunk: Record<string, unknown> = { name: 'bench', inboundAddresses: ['127.0.0.1'] };
  if (o.outboundPort !== null)
    trunk.outbound = { host: '127.0.0.1', port: o.outboundPort, protocol: 'udp' };
  const database = o.databaseUrl ? await freshDatabase(o.databaseUrl) : null;
  const dataDir =
    database === null && o.pgliteOnDisk ? mkdtempSync(join(tmpdir(), 'tsunagu-bench-')) : null;
  const store = database
    ? ['--database-url', database.url]
    : ['--data-dir', dataDir ?? 'memory://'];
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (key.startsWith('TSUNAGU_') || key === 'DATABASE_URL') delete env[key];
  const node = [
    process.execPath,
    ...o.nodeFlags,
    '--import',
    'tsx',
    join(REPO, 'apps/server/src/cli.ts'),
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    ...store,
    '--admin-password',
    ADMIN_PASSWORD,
    '--log-level',
    o.logLevel,
    '--drain-timeout-sec',
    '0',
    '--sip-port',
    String(o.sipPort),
    '--sip-trunks',
    JSON.stringify([trunk]),
    '--sip-max-legs',
    String(o.maxLegs),
    '--max-calls',
    '100000',
    '--rtp-io',
    o.rtpIo.split(':')[0]!,
  ];
  // native:N: the native addon with a receive pacing interval of N ms (rtp-io-native.ts).
  if (o.rtpIo.includes(':')) env.TSUNAGU_RTP_RECEIVE_INTERVAL_MS = o.rtpIo.split(':')[1];
  // taskset execs node, so the child's pid is the server's own.
  const [cmd, ...args] = o.cpu === null ? node : ['taskset', '-c', String(o.cpu), ...node];
  const child: ChildProcess = spawn(cmd!, args, {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const { url, token } = await adminSession(child, ADMIN_PASSWORD, 'sip-benchmark', () => stderr);
  const api = new HttpClient(url, {
    authorization: `Bearer ${token}`,
  });
  const pid = child.pid!;
  return {
    pid,
    api,
    url: new URL(url),
    token,
    cpuSeconds() {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at state (field 3).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    rssKb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    },
    async metrics() {
      const res = await api.json('GET', '/metrics');
      const out = new Map<string, number>();
      for (const line of String(res.body).split('\n')) {
        if (line.startsWith('#') || line === '') continue;
        const m = /^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
        if (m) out.set(m[1]!, (out.get(m[1]!) ?? 0) + Number(m[2]));
        // Agents by presence too (tsunagu_agents:off-duty): missed offers send agents off duty.
        const presence = /^tsunagu_agents\{.*presence="([^"]+)".*\}\s+(\S+)/.exec(line);
        if (presence) {
          const key = `tsunagu_agents:${presence[1]}`;
          out.set(key, (out.get(key) ?? 0) + Number(presence[2]));
        }
      }
      return out;
    },
    async stop() {
      api.close();
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      await database?.drop();
      if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
