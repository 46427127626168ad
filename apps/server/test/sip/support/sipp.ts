import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Runs SIPp (Debian's sip-tester) against a node: one scenario file, one call by default, with
 * the message trace kept so a failing test can print what was said on the wire.
 */

export const SCENARIOS = resolve(import.meta.dirname, '../scenarios');
export const PCAPS = '/usr/share/sip-tester';

export interface SippOptions {
  /** A file in `scenarios/` (e.g. `caller.xml`) or an absolute path. */
  readonly scenario: string;
  /** Where requests go (UAC) or where a UAS sends nothing first; omitted for a pure UAS. */
  readonly remote?: { readonly host: string; readonly port: number };
  /** The request URI's user part (`-s`). */
  readonly service?: string;
  readonly transport?: 'udp' | 'tcp';
  /** Our SIP port; a free one when omitted. */
  readonly localPort?: number;
  /** Global scenario variables (`-set name value`). */
  readonly vars?: Readonly<Record<string, string>>;
  /** Generic keywords (`-key name value`), read in the scenario as `[name]`. */
  readonly keys?: Readonly<Record<string, string>>;
  /** CSV injection file contents (`-inf`), first line SEQUENTIAL or RANDOM. */
  readonly inf?: string;
  /** Calls to complete before exiting (`-m`). */
  readonly calls?: number;
  /** SIPp gives up (and fails) after this long; generous, since CI machines are busy. */
  readonly timeoutSec?: number;
  /** Echo the RTP we receive back to its sender (`-rtp_echo`). */
  readonly rtpEcho?: boolean;
  /** Digest credentials for `[authentication]` (`-au`, `-ap`). */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Default `<pause/>` length in ms (`-d`); SIPp reads no keywords in pause attributes. */
  readonly pauseMs?: number;
  /** Files put in SIPp's working directory first (pcaps a scenario names relatively). */
  readonly files?: Readonly<Record<string, Uint8Array | string>>;
  readonly extraArgs?: readonly string[];
}

export interface SippResult {
  /** 0 when every call succeeded; 1 when one failed; other values are SIPp errors. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The SIP messages sent and received (`-trace_msg`). */
  readonly messages: string;
  /** Unexpected messages and scenario errors (`-trace_err`). */
  readonly errors: string;
}

export interface SippProcess {
  readonly sipPort: number;
  readonly mediaPort: number;
  /** Resolves when SIPp exits, with everything it wrote. */
  readonly done: Promise<SippResult>;
  /** Ends the process now (the result then says which signal). */
  kill(): void;
  /** The SIP messages traced so far, while SIPp still runs (it writes each one as it goes). */
  messagesSoFar(): string;
}

const running = new Set<ChildProcess>();
const workDirs: string[] = [];

/** Binds UDP port 0 to learn a port the OS considers free, with `extra` free ports after it. */
async function freeUdpPort(extra = 0): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const sockets = [createSocket('udp4')];
    try {
      await bind(sockets[0]!, 0);
      const base = sockets[0]!.address().port;
      if (base + extra > 65535) continue;
      for (let i = 1; i <= extra; i++) {
        const s = createSocket('udp4');
        sockets.push(s);
        await bind(s, base + i);
      }
      return base;
    } catch {
      /* a neighbour is taken: try another base */
    } finally {
      for (const s of sockets) s.close();
    }
  }
  throw new Error('no free UDP ports');
}

function bind(socket: ReturnType<typeof createSocket>, port: number): Promise<void> {
  return new Promise((ok, fail) => {
    socket.once('error', fail);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', fail);
      ok();
    });
  });
}

/** A free port for SIP (the UDP port; SIPp's TCP client side needs no fixed port). */
export const freeSipPort = (): Promise<number> => freeUdpPort(0);

/** Starts SIPp in the background: a UAS waiting for calls, or a UAC running alongside one. */
export async function startSipp(options: SippOptions): Promise<SippProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-sipp-'));
  workDirs.push(dir);
  const sipPort = options.localPort ?? (await freeSipPort());
  // SIPp's RTP echo takes the media port and the one two above it (video).
  const mediaPort = await freeUdpPort(3);
  const scenario = isAbsolute(options.scenario)
    ? options.scenario
    : join(SCENARIOS, options.scenario);
  const messageFile = join(dir, 'messages.log');
  const errorFile = join(dir, 'errors.log');
  const args = [
    ...(options.remote ? [`${options.remote.host}:${options.remote.port}`] : []),
    '-sf',
    scenario,
    '-i',
    '127.0.0.1',
    '-mi',
    '127.0.0.1',
    '-p',
    String(sipPort),
    '-mp',
    String(mediaPort),
    '-t',
    options.transport === 'tcp' ? 't1' : 'u1',
    '-m',
    String(options.calls ?? 1),
    '-timeout',
    `${options.timeoutSec ?? 30}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_msg',
    '-message_file',
    messageFile,
    '-trace_err',
    '-error_file',
    errorFile,
  ];
  if (options.service !== undefined) args.push('-s', options.service);
  if (options.rtpEcho) args.push('-rtp_echo');
  if (options.auth) args.push('-au', options.auth.username, '-ap', options.auth.password);
  if (options.pauseMs !== undefined) args.push('-d', String(options.pauseMs));
  for (const [name, content] of Object.entries(options.files ?? {})) {
    writeFileSync(join(dir, name), content);
  }
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push('-set', name, value);
  for (const [name, value] of Object.entries(options.keys ?? {})) args.push('-key', name, value);
  if (options.inf !== undefined) {
    const inf = join(dir, 'data.csv');
    writeFileSync(inf, options.inf);
    args.push('-inf', inf);
  }
  args.push(...(options.extraArgs ?? []));

  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    // The statistics screen repeats; the last few kilobytes say how it ended.
    stdout = (stdout + d).slice(-20_000);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<SippResult>((ok) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      running.delete(child);
      ok({
        code,
        signal,
        stdout,
        stderr,
        messages: readIfThere(messageFile),
        errors: readIfThere(errorFile),
      });
    };
    child.once('error', (err) => {
      stderr += String(err);
      finish(null, null);
    });
    child.once('close', finish);
  });
  return {
    sipPort,
    mediaPort,
    done,
    kill: () => child.kill('SIGKILL'),
    messagesSoFar: () => readIfThere(messageFile),
  };
}

/** Runs SIPp to the end. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  return (await startSipp(options)).done;
}

function readIfThere(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** For afterEach: no SIPp outlives its test, and their temp directories go. */
export async function killAllSipp(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('close', () => ok());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
  for (const dir of workDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** What to print when a run did not go as expected: exit, errors and the whole SIP trace. */
export function describeRun(result: SippResult): string {
  return [
    `sipp exit ${result.code ?? result.signal}`,
    result.stderr.trim() && `stderr:\n${result.stderr.trim()}`,
    result.errors.trim() && `errors:\n${result.errors.trim().slice(-4000)}`,
    `messages:\n${result.messages.slice(-12_000)}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The SIP messages of a trace, each as its text (start line, headers, body). */
export function tracedMessages(
  result: Pick<SippResult, 'messages'>,
): { sent: boolean; text: string }[] {
  // SIPp writes a line of dashes and a time, then "UDP message sent (...)" or "... received".
  return result.messages.split(/^-{5,}.*$/m).flatMap((block) => {
    const m = /^\s*(?:UDP|TCP)\s+message\s+(sent|received)[^\n]*\n([\s\S]*)$/.exec(block);
    const text = m?.[2]?.trim();
    return m && text ? [{ sent: m[1] === 'sent', text }] : [];
  });
}

/** The first message whose start line matches, received by SIPp. */
export function received(
  result: Pick<SippResult, 'messages'>,
  startLine: RegExp,
): string | undefined {
  return tracedMessages(result).find((m) => !m.sent && startLine.test(m.text.split('\n')[0]!))
    ?.text;
}
