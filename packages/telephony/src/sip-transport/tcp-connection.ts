/**
 * One SIP-over-TCP connection: cuts the byte stream into messages (RFC 3261 18.3) with a
 * bounded buffer, answers RFC 5626 CRLF keep-alives, and closes on unframeable garbage,
 * since without Content-Length a stream can never be re-synchronised.
 */
import type { Socket } from 'node:net';
import { frameFromStream, MAX_BODY_BYTES, MAX_HEADER_BYTES, parse } from '../sip/parser.js';
import type { TransportListeners } from './listeners.js';
import type { TransportAddress } from './transport.js';
import { normalizeHost } from './transport.js';

/** No legitimate message needs more than a full header section and a full body. */
const MAX_BUFFERED = MAX_HEADER_BYTES + MAX_BODY_BYTES + 4;
const CRLF = Buffer.from('\r\n');

export class TcpConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private connected: boolean;
  /** Set once the stream has lost framing: nothing more is read from it. */
  private dead = false;
  private readonly waitingForConnect = new Set<(error: Error) => void>();
  readonly remote: TransportAddress;

  constructor(
    readonly id: string,
    readonly socket: Socket,
    remote: { host: string; port: number },
    outbound: boolean,
    private readonly listeners: TransportListeners,
    private readonly forget: (connection: TcpConnection) => void,
  ) {
    this.remote = {
      protocol: 'tcp',
      host: normalizeHost(remote.host),
      port: remote.port,
      connectionId: id,
    };
    this.connected = !outbound;
    socket.on('connect', () => {
      this.connected = true;
      this.waitingForConnect.clear();
    });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('timeout', () => socket.destroy());
    socket.on('error', (error) => this.failPending(error));
    socket.on('close', () => {
      this.failPending(new Error('connection closed'));
      this.forget(this);
    });
  }

  write(bytes: Uint8Array, onError?: (error: Error) => void): void {
    if (this.socket.destroyed) {
      onError?.(new Error('connection closed'));
      return;
    }
    let reported = false;
    const fail = (error: Error): void => {
      if (reported) return;
      reported = true;
      onError?.(error);
    };
    if (!this.connected) this.waitingForConnect.add(fail);
    this.socket.write(bytes, (error) => {
      this.waitingForConnect.delete(fail);
      if (error) fail(error);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private failPending(error: Error): void {
    const waiting = [...this.waitingForConnect];
    this.waitingForConnect.clear();
    for (const fail of waiting) fail(error);
  }

  private receive(chunk: Buffer): void {
    if (this.dead) return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      this.skipKeepAlives();
      if (this.buffer.length === 0) return;
      const frame = frameFromStream(this.buffer);
      if (frame.kind === 'need-more') {
        if (this.buffer.length > MAX_BUFFERED) this.garbage('message too large');
        return;
      }
      if (frame.kind === 'error') {
        this.garbage(frame.error.reason);
        return;
      }
      // Copied out, so the next chunk's concat cannot alias a message still being handled.
      const message = new Uint8Array(frame.message);
      this.buffer = Buffer.from(frame.rest);
      const result = parse(message);
      if (result.ok) this.listeners.emitMessage(result.message, this.remote);
      else this.listeners.emitMalformed(message, this.remote, result.error.reason);
      if (this.socket.destroyed || this.dead) return;
    }
  }

  /** Leading CR/LF between messages: a double CRLF is a ping that wants a CRLF pong. */
  private skipKeepAlives(): void {
    let i = 0;
    while (i < this.buffer.length && (this.buffer[i] === 0x0d || this.buffer[i] === 0x0a)) i++;
    if (i === 0) return;
    if (this.buffer.subarray(0, i).includes('\r\n\r\n') && !this.socket.destroyed) {
      this.socket.write(CRLF);
    }
    this.buffer = this.buffer.subarray(i);
  }

  /** Tells the layer (which may answer 400 on this connection), then hangs up. */
  private garbage(reason: string): void {
    const head = new Uint8Array(this.buffer.subarray(0, MAX_HEADER_BYTES));
    this.buffer = Buffer.alloc(0);
    this.dead = true;
    this.listeners.emitMalformed(head, this.remote, reason);
    // end() lets a 400 written by the listener go out first; then the socket is gone.
    this.socket.end(() => this.socket.destroy());
  }
}
