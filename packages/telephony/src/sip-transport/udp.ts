/** SIP over UDP (RFC 3261 18): one datagram is one message. */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { SipMessage } from '../sip/message.js';
import { parse } from '../sip/parser.js';
import { serialize } from '../sip/serializer.js';
import { TransportListeners } from './listeners.js';
import type {
  MalformedListener,
  MessageListener,
  SipTransport,
  TransportAddress,
} from './transport.js';
import { normalizeHost } from './transport.js';

/** The largest UDP payload over IPv4; anything bigger cannot be sent as one datagram. */
const MAX_DATAGRAM = 65_507;

/**
 * Receive buffer asked of the kernel (it grants at most net.core.rmem_max, 4 MB on our
 * machines). The default (rmem_default, 208 KB: 166 datagrams of 900 bytes) overflows when the
 * event loop stalls for ~0.1 s at 150 calls/s, and every dropped message costs a
 * retransmission, or a rung-out agent offer (docs/benchmarks.md, "Bridged calls: where the
 * set-up time went"). A few MB hold seconds of signalling.
 */
const RECEIVE_BUFFER_BYTES = 4 << 20;

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
}

export class UdpTransport implements SipTransport {
  private readonly listeners = new TransportListeners();
  private closing: Promise<void> | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (data, rinfo) => this.receive(data, rinfo.address, rinfo.port));
    // ICMP errors and the like arrive here; a datagram socket carries on after them.
    socket.on('error', () => {});
  }

  static listen(options: ListenOptions): Promise<UdpTransport> {
    const socket = createSocket({
      type: isIP(options.host) === 6 ? 'udp6' : 'udp4',
      recvBufferSize: RECEIVE_BUFFER_BYTES,
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port, options.host, () => {
        socket.off('error', reject);
        resolve(new UdpTransport(socket));
      });
    });
  }

  address(): { host: string; port: number } {
    const a = this.socket.address();
    return { host: a.address, port: a.port };
  }

  onMessage(listener: MessageListener): void {
    this.listeners.onMessage(listener);
  }

  onMalformed(listener: MalformedListener): void {
    this.listeners.onMalformed(listener);
  }

  send(message: SipMessage, to: TransportAddress, onError?: (error: Error) => void): void {
    const bytes = serialize(message);
    if (this.closing) {
      onError?.(new Error('UDP transport is closed'));
      return;
    }
    if (bytes.length > MAX_DATAGRAM) {
      onError?.(new Error(`message of ${bytes.length} bytes does not fit a datagram`));
      return;
    }
    this.socket.send(bytes, to.port, to.host, (error) => {
      if (error) onError?.(error);
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => this.socket.close(() => resolve()));
    return this.closing;
  }

  private receive(data: Buffer, host: string, port: number): void {
    // A datagram of CRLFs is a keep-alive (RFC 5626 4.4.1 uses STUN, phones often use CRLF).
    if (data.every((b) => b === 0x0d || b === 0x0a || b === 0x20)) return;
    const from: TransportAddress = { protocol: 'udp', host: normalizeHost(host), port };
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const result = parse(bytes);
    if (result.ok) this.listeners.emitMessage(result.message, from);
    else this.listeners.emitMalformed(bytes, from, result.error.reason);
  }
}
