/**
 * SIP over WebSocket, server side (RFC 7118): the `sip` subprotocol is required, and each
 * WebSocket message carries exactly one SIP message, so no stream framing is needed.
 * Browsers cannot be connected to, so responses and requests go back on their connection.
 */
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { SipMessage } from '../sip/message.js';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, parse } from '../sip/parser.js';
import { serialize } from '../sip/serializer.js';
import { TransportListeners } from './listeners.js';
import type {
  MalformedListener,
  MessageListener,
  SipTransport,
  TransportAddress,
} from './transport.js';
import { normalizeHost } from './transport.js';
import type { ListenOptions } from './udp.js';

export interface WsListenOptions extends ListenOptions {
  /** Close a connection silent this long (browsers keep theirs open with CRLF or pings). */
  readonly idleTimeoutMs?: number;
}

interface WsConnection {
  readonly socket: WebSocket;
  readonly remote: TransportAddress;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class WsTransport implements SipTransport {
  private readonly listeners = new TransportListeners();
  private readonly connections = new Map<string, WsConnection>();
  private readonly byRemote = new Map<string, string>();
  private nextId = 1;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: WebSocketServer,
    private readonly idleTimeoutMs: number,
  ) {
    server.on('connection', (socket, request) => this.adopt(socket, request));
    server.on('error', () => {});
  }

  static listen(options: WsListenOptions): Promise<WsTransport> {
    return new Promise((resolve, reject) => {
      const server = new WebSocketServer({
        host: options.host,
        port: options.port,
        maxPayload: MAX_HEADER_BYTES + MAX_BODY_BYTES,
        handleProtocols: (offered) => (offered.has('sip') ? 'sip' : false),
      });
      server.once('error', reject);
      server.once('listening', () => {
        server.off('error', reject);
        resolve(new WsTransport(server, options.idleTimeoutMs ?? 600_000));
      });
    });
  }

  address(): { host: string; port: number } {
    const a = this.server.address();
    if (a === null || typeof a === 'string')
      throw new Error('WebSocket transport is not on a TCP port');
    return { host: a.address, port: a.port };
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  onMessage(listener: MessageListener): void {
    this.listeners.onMessage(listener);
  }

  onMalformed(listener: MalformedListener): void {
    this.listeners.onMalformed(listener);
  }

  send(message: SipMessage, to: TransportAddress, onError?: (error: Error) => void): void {
    const byId = to.connectionId === undefined ? undefined : this.connections.get(to.connectionId);
    const id = this.byRemote.get(`${normalizeHost(to.host)}:${to.port}`);
    const connection = byId ?? (id === undefined ? undefined : this.connections.get(id));
    if (!connection || this.closing) {
      onError?.(new Error(`no WebSocket connection to ${to.host}:${to.port}`));
      return;
    }
    // A text frame: SIP is text, and RFC 7118 lets bodies that are not UTF-8 go as binary.
    connection.socket.send(Buffer.from(serialize(message)), { binary: false }, (error) => {
      if (error) onError?.(error);
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      for (const { socket } of this.connections.values()) socket.terminate();
      this.server.close(() => resolve());
    });
    return this.closing;
  }

  private adopt(socket: WebSocket, request: IncomingMessage): void {
    if (socket.protocol !== 'sip') {
      // RFC 7118 5: without the `sip` subprotocol we do not know what the client speaks.
      socket.close(1002, 'SIP subprotocol required');
      return;
    }
    const id = `ws-${this.nextId++}`;
    const host = normalizeHost(request.socket.remoteAddress ?? '');
    const port = request.socket.remotePort ?? 0;
    const remote: TransportAddress = { protocol: 'ws', host, port, connectionId: id };
    this.connections.set(id, { socket, remote });
    this.byRemote.set(`${host}:${port}`, id);
    request.socket.setTimeout(this.idleTimeoutMs, () => socket.terminate());
    socket.on('message', (data) => this.receive(toBytes(data), remote));
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      this.connections.delete(id);
      if (this.byRemote.get(`${host}:${port}`) === id) this.byRemote.delete(`${host}:${port}`);
    });
  }

  private receive(bytes: Uint8Array, from: TransportAddress): void {
    if (bytes.every((b) => b === 0x0d || b === 0x0a)) return;
    const result = parse(bytes);
    if (result.ok) this.listeners.emitMessage(result.message, from);
    else this.listeners.emitMalformed(bytes, from, result.error.reason);
  }
}
