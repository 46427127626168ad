/**
 * The UDP socket of one media session: RTP in and out, nothing else. RTCP is not sent; RTCP that
 * arrives (on the RTP port when the far end multiplexes it, RFC 5761) is recognised and ignored.
 *
 * Symmetric RTP: phones behind NAT send from an address their SDP does not say. After a
 * (re)negotiation we send to where the far end's packets really come from, which is what its NAT
 * will let back in. We latch once per setRemote, so a stray packet later cannot hijack a call
 * that is already flowing; and, before that, only on a source that sent LATCH_AFTER packets in
 * sequence (or at once on the address the SDP named): a packet or two injected at an open port,
 * or the tail of a call that had the port before, cannot steal the audio ("RTP bleed"; Asterisk's
 * strictrtp learns a source the same way).
 */
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

/**
 * Where RTP sockets come from: node:dgram (one libuv handle per socket, a JS callback per
 * datagram) or the native addon (batched sends and receives, ADR 15). See rtp-io.ts.
 */
export interface RtpIo {
  readonly kind: 'native' | 'dgram';
  /** Binds `host:port` (0: any free port); rejects with the bind error (EADDRINUSE and the like). */
  bind(host: string, port: number): Promise<RtpSocket>;
}

/** Packets in sequence from one source that make it where we send (60 ms of a 20 ms stream). */
export const LATCH_AFTER = 3;

/** RTCP packet types 200-204 read as RTP marker + payload type 72-76 (RFC 5761 4). */
const isRtcp = (bytes: Uint8Array): boolean =>
  bytes.length >= 2 && bytes[0]! >> 6 === 2 && bytes[1]! >= 200 && bytes[1]! <= 204;

/**
 * What every RTP socket does whatever carries its datagrams: latching, RTCP and garbage
 * counted and ignored, the payload-type filter. Subclasses move the bytes.
 */
export abstract class RtpSocket {
  readonly counters: RtpCounters = { received: 0, sent: 0, dropped: 0, rtcp: 0 };
  protected remote: RtpEndpoint | null = null;
  private latched = false;
  /** The source that may become the remote, and how many packets in sequence it has sent. */
  private candidate: { address: string; port: number; seq: number; count: number } | null = null;
  private listener: RtpPacketListener | null = null;
  private wants: PayloadTypeFilter | null = null;
  protected closed = false;

  protected constructor(
    readonly localAddress: string,
    readonly localPort: number,
  ) {}

  /** Sends one datagram to `to` (the checks and counting are done). */
  protected abstract transmit(bytes: Uint8Array, to: RtpEndpoint): void;
  /** Gives the socket back to the system. */
  protected abstract release(): void;
  /** Where the datagram being handled by receive() came from. */
  protected abstract source(): RtpEndpoint;
  /** The datagram as a packet may keep it (a view into a reused buffer must be copied). */
  protected keep(msg: Uint8Array): Uint8Array {
    return msg;
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
    this.candidate = null;
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
    this.transmit(bytes, to);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listener = null;
    this.release();
  }

  protected receive(msg: Uint8Array): void {
    if (this.closed) return;
    if (isRtcp(msg)) {
      this.counters.rtcp += 1;
      return;
    }
    // Unwanted payload types get the fixed-header checks parseRtp starts with, nothing more.
    const skip =
      this.wants !== null && msg.length >= 12 && msg[0]! >> 6 === 2 && !this.wants(msg[1]! & 0x7f);
    const parsed = skip ? null : parseRtp(this.keep(msg));
    if ((parsed !== null && !parsed.ok) || !this.remote) {
      this.counters.dropped += 1;
      return;
    }
    this.counters.received += 1;
    // No latching while the SDP says "send nowhere" (RFC 2543 hold): that would undo the hold.
    if (!this.latched && this.remote.address !== '0.0.0.0' && this.remote.address !== '::') {
      this.learn(msg);
    }
    if (parsed !== null) this.listener?.(parsed.packet, this.source());
  }

  private learn(msg: Uint8Array): void {
    const from = this.source();
    const remote = this.remote!;
    if (from.address === remote.address && from.port === remote.port) {
      this.latched = true;
      return;
    }
    const seq = (msg[2]! << 8) | msg[3]!;
    const c = this.candidate;
    if (c && c.address === from.address && c.port === from.port && seq === ((c.seq + 1) & 0xffff)) {
      c.seq = seq;
      c.count += 1;
    } else {
      this.candidate = { address: from.address, port: from.port, seq, count: 1 };
    }
    if (this.candidate!.count >= LATCH_AFTER) {
      this.latched = true;
      this.candidate = null;
      this.remote = { address: from.address, port: from.port };
    }
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
    private readonly io: RtpIo,
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
        return await this.io.bind(host, port);
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
