import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeSipPort } from './sipp.js';

/**
 * baresip (Debian's, 1.0.0) as an agent's real softphone: headless, with a config directory of
 * its own in a temp dir, a 440 Hz sine as its microphone and the "aubridge" device as its
 * speaker (a player that needs no sound card), registering to the node with digest.
 */

/** True when the `baresip` binary is on the PATH (the test skips without it). */
export const hasBaresip =
  spawnSync('sh', ['-c', 'command -v baresip'], { stdio: 'ignore' }).status === 0;

export const BARESIP_MODULES = '/usr/lib/baresip/modules';

export interface BaresipOptions {
  /** The node's SIP (UDP) port on 127.0.0.1. */
  readonly registrarPort: number;
  readonly username: string;
  readonly password: string;
}

export interface Baresip {
  readonly sipPort: number;
  /** Everything baresip printed so far (stdout and stderr; its log goes there). */
  output(): string;
  /**
   * Polls `probe` until it gives a value, failing after `timeoutMs` (or when baresip exits) with
   * the tail of baresip's log and SIP trace in the message.
   */
  until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  /** The SIP messages of its trace (`-s`) so far: sent ones come from `sipPort`. */
  messages(): TracedMessage[];
  /** The first message baresip received whose start line matches. */
  received(startLine: RegExp): TracedMessage | undefined;
  /** The first response baresip sent to a `method` request of dialog `callId`. */
  sent(startLine: RegExp, method: string, callId: string): TracedMessage | undefined;
  /** Resolves once baresip's output (all of it so far) matches `pattern`. */
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<void>;
  /** Ends the process (SIGKILL) and removes its config directory. */
  stop(): Promise<void>;
}

export interface TracedMessage {
  readonly sent: boolean;
  /** The start line, e.g. `BYE sip:...` or `SIP/2.0 200 OK`. */
  readonly startLine: string;
  readonly text: string;
}

/** The colour codes around each message of baresip's `-s` trace (cyan, then reset). */
const ESC = String.fromCharCode(27);
const TRACE_START = `${ESC}[36;1m#\n`;
const TRACE_END = `${ESC}[;m`;

/**
 * baresip's `-s` trace: each message after a coloured `#` line and `UDP a:p -> b:p`. Ours are
 * the ones from our own SIP port.
 */
export function parseTrace(output: string, sipPort: number): TracedMessage[] {
  const blocks = output.replace(/\r/g, '').split(TRACE_START).slice(1);
  return blocks.flatMap((block) => {
    const end = block.indexOf(TRACE_END);
    const m = /^(?:UDP|TCP) [\d.]+:(\d+) -> [^\n]*\n([\s\S]*)$/.exec(
      end < 0 ? block : block.slice(0, end),
    );
    if (!m) return [];
    const text = m[2]!.trim();
    return [{ sent: Number(m[1]) === sipPort, startLine: text.split('\n')[0]!, text }];
  });
}

/** A traced message's Call-ID (its dialog). */
export function callIdOf(message: TracedMessage): string | undefined {
  return /^Call-ID: *(.+)$/im.exec(message.text)?.[1]?.trim();
}

const running = new Set<Baresip>();

/** The `config` file: one UDP listener on loopback, G.711 only, no sound card modules. */
function configFile(sipPort: number, rtpBase: number): string {
  return [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${sipPort}`,
    'call_local_timeout 120',
    'call_max_calls 4',
    // A sine as the microphone; aubridge as the speaker (a player with no device behind it).
    'audio_player aubridge,speaker',
    'audio_source ausine,440',
    'audio_alert aubridge,alert',
    // ausine only makes 48 kHz stereo; baresip resamples it for G.711.
    'ausrc_srate 48000',
    'ausrc_channels 2',
    `rtp_ports ${rtpBase}-${rtpBase + 99}`,
    'rtcp_mux no',
    'jitter_buffer_delay 0-20',
    // Its SDP then names the loopback address, not the machine's first interface.
    'net_interface 127.0.0.1',
    `module_path ${BARESIP_MODULES}`,
    'module g711.so',
    'module ausine.so',
    'module aubridge.so',
    'module_app account.so',
    'module_app menu.so',
    '',
  ].join('\n');
}

/** The `accounts` file: digest credentials, auto-answer, re-registration every minute. */
function accountsFile(options: BaresipOptions): string {
  const aor = `<sip:${options.username}@127.0.0.1:${options.registrarPort};transport=udp>`;
  return `${aor};auth_pass=${options.password};answermode=auto;regint=60\n`;
}

/** Starts baresip; it registers right away. `stop()` it (or `stopAllBaresip`) in afterEach. */
export async function startBaresip(options: BaresipOptions): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-baresip-'));
  const sipPort = await freeSipPort();
  const rtpBase = 30_000 + Math.floor(Math.random() * 300) * 100;
  writeFileSync(join(dir, 'config'), configFile(sipPort, rtpBase));
  writeFileSync(join(dir, 'accounts'), accountsFile(options));
  writeFileSync(join(dir, 'contacts'), '');

  // -s prints the SIP trace, which a failing test shows; -4 keeps it off IPv6.
  const child: ChildProcess = spawn('baresip', ['-4', '-s', '-f', dir], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (d: string): void => {
    out = (out + d).slice(-200_000);
  };
  child.stdout?.setEncoding('utf8').on('data', append);
  child.stderr?.setEncoding('utf8').on('data', append);
  const exited = new Promise<void>((ok) => {
    child.once('error', (err) => {
      append(`\n[spawn error] ${String(err)}\n`);
      ok();
    });
    child.once('close', (code, signal) => {
      append(`\n[baresip exited ${code ?? signal}]\n`);
      ok();
    });
  });
  let alive = true;
  void exited.then(() => (alive = false));

  const phone: Baresip = {
    sipPort,
    output: () => out,
    messages: () => parseTrace(out, sipPort),
    received: (startLine) =>
      parseTrace(out, sipPort).find((m) => !m.sent && startLine.test(m.startLine)),
    sent: (startLine, method, callId) =>
      parseTrace(out, sipPort).find(
        (m) =>
          m.sent &&
          startLine.test(m.startLine) &&
          new RegExp(`^CSeq: \\d+ ${method}$`, 'm').test(m.text) &&
          callIdOf(m) === callId,
      ),
    async until(probe, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== null && value !== false) return value;
        if (!alive) throw new Error(`baresip exited before ${what}:\n${out.slice(-8000)}`);
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}; baresip said:\n${out.slice(-8000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async waitFor(pattern, what, timeoutMs) {
      await phone.until(() => pattern.test(out), what, timeoutMs);
    },
    async stop() {
      running.delete(phone);
      if (alive) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(phone);
  return phone;
}

/** For afterEach: no baresip outlives its test. */
export async function stopAllBaresip(): Promise<void> {
  await Promise.all([...running].map((phone) => phone.stop()));
}
