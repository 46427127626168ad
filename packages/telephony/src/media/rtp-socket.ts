/**
 * The UDP socket of one media session: RTP in and out, nothing else. RTCP is not sent; RTCP that
 * arrives (on the RTP port when the far end multiplexes it, RFC 5761) is recognised and ignored.
 *
 * Symmetric RTP: phones behind NAT send from an address their SDP does not say. Once a valid
 * packet arrives after a (re)negotiation we send to where it came from, which is what the far
 * end's NAT will let back in. We latch once per setRemote so a stray packet later cannot hijack
 * a call that is already flowing.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { parseRtp, type RtpPacket } from './rtp.js';

export interface RtpEndpoint {
  readonly address: string;
  readonly port: number;
}

export interface RtpCounters {
  received: number;
  sent: number;
  /** Datagrams that did not parse as RTP (or came while we had no remote). */
  dropped: number;
  /** RTCP packets seen on the RTP port and ignored. */
  rtcp: number;
}

export type RtpPacketListener = (packet: RtpPacket, from: RtpEndpoint) => void;

/** Which payload types the listener reads now; the others are counted but not parsed. */
export type PayloadTypeFilter = (payloadType: number) => boolean;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram resolves the destination of every send, even an IP literal, through dns.lookup and a
 * process.nextTick: 50 sends a second per call. The remote is nearly always a literal (SDP
 * c= lines), so answer those at once and leave names to the resolver.
 */
function literalFirstLookup(): (host: string, family: number, cb: LookupCallback) => void {
  let lastHost = '';
  let lastFamily = 0;
  return (host, family, cb) => {
    if (host !== lastHost) {
      const kind = isIP(host);
      if (kind === 0) {
        dnsLookup(host, family, cb);
        return;
      }
      lastHost = host;
      lastFamily = kind;
    }
    cb(null, lastHost, lastFamily);
  };
}

/** RTCP packet types 200-204 read as RTP marker + payload type 72-76 (RFC 5761 4). */
const isRtcp = (bytes: Uint8Array): boolean =>
  bytes.length >= 2 && bytes[0]! >> 6 === 2 && bytes[1]! >= 200 && bytes[1]! <= 204;

export class RtpSocket {
  readonly counters: RtpCounters = { received: 0, sent: 0, dropped: 0, rtcp: 0 };
  private remote: RtpEndpoint | null = null;
  private latched = false;
  private listener: RtpPacketListener | null = null;
  private wants: PayloadTypeFilter | null = null;
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    readonly localAddress: string,
    readonly localPort: number,
  ) {
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    // A send to an unreachable port can surface as an async error on some systems: not fatal.
    socket.on('error', () => {});
  }

  /** Binds `host:port`; rejects with the bind error (EADDRINUSE and the like). */
  static bind(host: string, port: number): Promise<RtpSocket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({
        type: isIP(host) === 6 ? 'udp6' : 'udp4',
        lookup: literalFirstLookup() as never,
      });
      const onError = (err: Error): void => {
        socket.close();
        reject(err);
      };
      socket.once('error', onError);
      socket.bind(port, host, () => {
        socket.off('error', onError);
        resolve(new RtpSocket(socket, host, socket.address().port));
      });
    });
  }

  /**
   * `wants`, when given, says which payload types the listener reads right now: a packet of
   * any other type is counted and latched on but neither parsed nor delivered (a held caller's
   * voice that nobody hears costs no more than its header check).
   */
  onPacket(listener: RtpPacketListener, wants?: PayloadTypeFilter): void {
    this.listener = listener;
    this.wants = wants ?? null;
  }

  /** Where the SDP says to send; the next packet that arrives may move it (latching). */
  setRemote(remote: RtpEndpoint): void {
    this.remote = { address: remote.address, port: remote.port };
    this.latched = false;
  }

  /** Where packets go now (after latching), or null before a remote is known. */
  get sendingTo(): RtpEndpoint | null {
    return this.remote;
  }

  send(bytes: Uint8Array): void {
    const to = this.remote;
    if (this.closed || !to || to.port === 0 || to.address === '0.0.0.0' || to.address === '::') {
      return;
    }
    this.counters.sent += 1;
    this.socket.send(bytes, to.port, to.address);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener = null;
    this.socket.close();
  }

  private onMessage(msg: Buffer, rinfo: RtpEndpoint): void {
    if (this.closed) return;
    if (isRtcp(msg)) {
      this.counters.rtcp += 1;
      return;
    }
    // Unwanted payload types get the fixed-header checks parseRtp starts with, nothing more.
    const skip =
      this.wants !== null && msg.length >= 12 && msg[0]! >> 6 === 2 && !this.wants(msg[1]! & 0x7f);
    const parsed = skip ? null : parseRtp(msg);
    if ((parsed !== null && !parsed.ok) || !this.remote) {
      this.counters.dropped += 1;
      return;
    }
    this.counters.received += 1;
    // No latching while the SDP says "send nowhere" (RFC 2543 hold): that would undo the hold.
    if (!this.latched && this.remote.address !== '0.0.0.0' && this.remote.address !== '::') {
      this.latched = true;
      this.remote = { address: rinfo.address, port: rinfo.port };
    }
    // rinfo is a fresh object per datagram, so it is handed on as is.
    if (parsed !== null) this.listener?.(parsed.packet, rinfo);
  }
}

/**
 * Hands out even ports from a range, round robin so a just-closed port is not reused at once
 * (late packets of the old call would land in the new one).
 */
export class PortRange {
  private cursor: number;
  private readonly inUse = new Set<number>();

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max > 65535 || min > max) {
      throw new RangeError(`bad RTP port range ${min}-${max}`);
    }
    this.cursor = min + (min & 1);
  }

  get size(): number {
    return Math.floor((this.max - (this.min + (this.min & 1))) / 2) + 1;
  }

  /** Binds a socket on the next free even port; tries each port of the range at most once. */
  async bind(host: string): Promise<RtpSocket> {
    let lastError: unknown = new Error(`no free RTP port in ${this.min}-${this.max}`);
    for (let tries = 0; tries < this.size; tries++) {
      const port = this.cursor;
      this.cursor = port + 2 > this.max ? this.min + (this.min & 1) : port + 2;
      if (this.inUse.has(port)) continue;
      try {
        this.inUse.add(port);
        const socket = await RtpSocket.bind(host, port);
        return socket;
      } catch (e) {
        this.inUse.delete(port);
        lastError = e;
      }
    }
    throw lastError;
  }

  release(port: number): void {
    this.inUse.delete(port);
  }
}
