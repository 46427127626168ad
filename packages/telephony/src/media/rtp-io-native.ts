/**
 * RTP through the native addon (native/src/rtp_io.c, ADR 15). Every socket of the process
 * shares one send batch and one receive batch:
 *
 * - send: a socket's packet is copied into the send batch; the batch goes out in ONE native call
 *   in a microtask, i.e. once at the end of the media tick that filled it (or sooner when full).
 * - receive: whenever a socket is readable the addon drains every readable socket at once
 *   (epoll + recvmmsg) and calls back ONE time with the count; the datagrams are then dispatched
 *   here to their sockets, in arrival order per socket. No packet waits for a media tick.
 */
import { lookup as dnsLookup } from 'node:dns';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  ENTRY_INTS,
  SendBatch,
  decodeAddress,
  encodeAddress,
  entryIs,
  type WireAddress,
} from './rtp-io-table.js';
import { RtpSocket, type RtpEndpoint, type RtpIo } from './rtp-socket.js';

/** What native/src/rtp_io.c exports. */
export interface RtpAddon {
  init(
    sendTable: ArrayBuffer,
    sendData: ArrayBuffer,
    recvTable: ArrayBuffer,
    recvData: ArrayBuffer,
  ): void;
  open(host: string, port: number, id: number): [fd: number, port: number];
  close(fd: number): void;
  send(count: number): number;
  drain(): number;
  startReceiving(onReceive: (count: number) => void, intervalMs: number): void;
  stats(): Record<string, number>;
}

/** Where scripts/build-native.sh puts the addon (from src/media or dist/src/media). */
const ADDON_CANDIDATES = [
  '../../native/build/Release/tsunagu_rtp.node',
  '../../../native/build/Release/tsunagu_rtp.node',
].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/**
 * How long the addon waits after a drain before it watches the sockets again. 0: drain whenever
 * any socket is readable. Pacing at 10 or 20 ms gave bigger batches but no CPU back and lost
 * hold music at 2,000 held calls (docs/benchmarks.md, "Native RTP I/O"), so it is off; the
 * variable is for measuring it again (`npm run bench:sip -- --rtp-io native:10,native:0`).
 */
const RECEIVE_INTERVAL_MS = Number(process.env.TSUNAGU_RTP_RECEIVE_INTERVAL_MS ?? 0);

const SEND_PACKETS = 8192;
const SEND_BYTES = 2 << 20;
const RECEIVE_PACKETS = 8192;
const RECEIVE_BYTES = 4 << 20;

let loaded: { addon: RtpAddon } | { error: string } | null = null;

/** The addon, or why it cannot be used here. Loaded once per process. */
export function loadRtpAddon(): { addon: RtpAddon } | { error: string } {
  if (loaded) return loaded;
  if (process.platform !== 'linux') {
    loaded = { error: `native RTP I/O is Linux only (this is ${process.platform})` };
    return loaded;
  }
  const path = ADDON_CANDIDATES.find((p) => existsSync(p));
  if (!path) {
    loaded = { error: 'native RTP addon not built (run scripts/build-native.sh)' };
    return loaded;
  }
  try {
    loaded = { addon: createRequire(import.meta.url)(path) as RtpAddon };
  } catch (e) {
    loaded = { error: `native RTP addon did not load: ${(e as Error).message}` };
  }
  return loaded;
}

class NativeRtpSocket extends RtpSocket {
  private wireFor: RtpEndpoint | null = null;
  private wireTo: WireAddress | null = null;
  /** Where the datagram being received sits in the receive table. */
  private entryAt = 0;

  constructor(
    private readonly io: NativeRtpIo,
    readonly fd: number,
    readonly id: number,
    localAddress: string,
    localPort: number,
  ) {
    super(localAddress, localPort);
  }

  /** @internal NativeRtpIo: one datagram of a drain, `at` its entry in the receive table. */
  deliver(msg: Uint8Array, at: number): void {
    this.entryAt = at;
    this.receive(msg);
  }

  protected override keep(msg: Uint8Array): Uint8Array {
    return msg.slice();
  }

  protected override source(): RtpEndpoint {
    const t = this.io.receiveTable;
    const at = this.entryAt;
    const remote = this.remote;
    const wire = this.wireOf(remote);
    // The usual case: it came from where we send. No new object, no string.
    if (remote && wire && entryIs(t, at, wire, remote.port)) return remote;
    return {
      address: decodeAddress(t[at + 3]! >>> 16, this.io.receiveBytes, (at + 4) * 4),
      port: t[at + 3]! & 0xffff,
    };
  }

  protected override transmit(bytes: Uint8Array, to: RtpEndpoint): void {
    const wire = this.wireOf(to);
    if (wire) this.io.queue(this.fd, wire, to.port, bytes);
  }

  protected override release(): void {
    this.io.closeSocket(this);
  }

  /** The table form of `to`, cached per remote; a host name is resolved once, meanwhile null. */
  private wireOf(to: RtpEndpoint | null): WireAddress | null {
    if (!to) return null;
    if (to === this.wireFor) return this.wireTo;
    const wire = encodeAddress(to.address);
    this.wireFor = to;
    this.wireTo = wire;
    if (wire) return wire;
    dnsLookup(to.address, (err, address) => {
      if (!err && this.wireFor === to) this.wireTo = encodeAddress(address);
    });
    return null;
  }
}

/** All native RTP sockets of the process; one per process (see nativeRtpIo). */
export class NativeRtpIo implements RtpIo {
  readonly kind = 'native' as const;
  readonly receiveTable = new Int32Array(RECEIVE_PACKETS * ENTRY_INTS);
  readonly receiveBytes = new Uint8Array(this.receiveTable.buffer);
  private readonly receiveData = new Uint8Array(RECEIVE_BYTES);
  private readonly batch = new SendBatch(SEND_PACKETS, SEND_BYTES);
  private readonly sockets = new Map<number, NativeRtpSocket>();
  private nextId = 1;
  private flushQueued = false;
  /** Native send calls made (each carries a whole batch). */
  private sendBatches = 0;
  private readonly flushNow = (): void => this.flush();

  constructor(private readonly addon: RtpAddon) {
    addon.init(
      this.batch.table.buffer as ArrayBuffer,
      this.batch.data.buffer as ArrayBuffer,
      this.receiveTable.buffer,
      this.receiveData.buffer,
    );
    addon.startReceiving((count) => this.dispatch(count), RECEIVE_INTERVAL_MS);
  }

  bind(host: string, port: number): Promise<RtpSocket> {
    try {
      const id = this.nextId;
      this.nextId = (this.nextId % 0x7fffffff) + 1;
      const [fd, bound] = this.addon.open(host, port, id);
      const socket = new NativeRtpSocket(this, fd, id, host, bound);
      this.sockets.set(id, socket);
      return Promise.resolve(socket);
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  /** Counters of native calls, system calls and packets since the process started. */
  stats(): Record<string, number> {
    return { ...this.addon.stats(), sendBatches: this.sendBatches };
  }

  /** @internal */
  queue(fd: number, to: WireAddress, port: number, bytes: Uint8Array): void {
    if (!this.batch.push(fd, to, port, bytes)) {
      this.flush();
      if (!this.batch.push(fd, to, port, bytes)) return; // larger than the whole batch
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(this.flushNow);
    }
  }

  /** Sends what is queued: one native call for the whole batch. */
  flush(): void {
    this.flushQueued = false;
    if (this.batch.count === 0) return;
    this.sendBatches += 1;
    this.addon.send(this.batch.count);
    this.batch.reset();
  }

  /** @internal */
  closeSocket(socket: NativeRtpSocket): void {
    // Its queued packets go first: once closed, its fd number may be handed out again.
    this.flush();
    this.sockets.delete(socket.id);
    this.addon.close(socket.fd);
  }

  private dispatch(count: number): void {
    const t = this.receiveTable;
    const data = this.receiveData;
    let failure: unknown = null;
    for (let i = 0; i < count; i++) {
      const at = i * ENTRY_INTS;
      const socket = this.sockets.get(t[at]!);
      if (!socket) continue;
      const offset = t[at + 1]!;
      try {
        socket.deliver(data.subarray(offset, offset + t[at + 2]!), at);
      } catch (e) {
        // The rest of the batch still goes to its sockets; the error surfaces as dgram's would.
        failure ??= e;
      }
    }
    if (failure !== null) {
      queueMicrotask(() => {
        throw failure;
      });
    }
  }
}

let shared: NativeRtpIo | null = null;

/** The process's native RTP I/O, or why there is none. */
export function nativeRtpIo(): { io: NativeRtpIo } | { error: string } {
  if (shared) return { io: shared };
  const result = loadRtpAddon();
  if ('error' in result) return result;
  shared = new NativeRtpIo(result.addon);
  return { io: shared };
}
