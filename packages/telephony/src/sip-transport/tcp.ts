/**
 * SIP over TCP (RFC 3261 18): connections are kept by id, reused for responses and for
 * requests to the same host:port, and opened on demand. Idle connections are closed.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { SipMessage } from '../sip/message.js';
import { serialize } from '../sip/serializer.js';
import { TransportListeners } from './listeners.js';
import { TcpConnection } from './tcp-connection.js';
import type {
  MalformedListener,
  MessageListener,
  SipTransport,
  TransportAddress,
} from './transport.js';
import { normalizeHost } from './transport.js';
import type { ListenOptions } from './udp.js';

export interface TcpListenOptions extends ListenOptions {
  /** Close a connection silent this long; phones keep theirs open with CRLF pings. 10 min. */
  readonly idleTimeoutMs?: number;
  /** Beyond this many inbound connections new ones are refused. 10,000. */
  readonly maxConnections?: number;
}

export class TcpTransport implements SipTransport {
  private readonly listeners = new TransportListeners();
  private readonly connections = new Map<string, TcpConnection>();
  /** host:port of the far end → connection id, for requests to a peer we already reach. */
  private readonly byRemote = new Map<string, string>();
  private nextId = 1;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly idleTimeoutMs: number,
  ) {
    server.on('connection', (socket) => this.adopt(socket, false));
    server.on('error', () => {});
  }

  static listen(options: TcpListenOptions): Promise<TcpTransport> {
    const server = createServer();
    server.maxConnections = options.maxConnections ?? 10_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve(new TcpTransport(server, options.idleTimeoutMs ?? 600_000));
      });
    });
  }

  address(): { host: string; port: number } {
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('TCP transport is not listening');
    return { host: a.address, port: a.port };
  }

  /** Open connections, for tests and metrics. */
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
    if (this.closing) {
      onError?.(new Error('TCP transport is closed'));
      return;
    }
    const connection = this.connectionFor(to);
    connection.write(serialize(message), onError);
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const connection of this.connections.values()) connection.close();
    });
    return this.closing;
  }

  /** The connection the message came on, else one to the same peer, else a new one (18.2.2). */
  private connectionFor(to: TransportAddress): TcpConnection {
    const byId = to.connectionId === undefined ? undefined : this.connections.get(to.connectionId);
    if (byId) return byId;
    const id = this.byRemote.get(remoteKey(to.host, to.port));
    const existing = id === undefined ? undefined : this.connections.get(id);
    if (existing) return existing;
    return this.adopt(connect({ host: to.host, port: to.port }), true, to);
  }

  private adopt(socket: Socket, outbound: boolean, to?: TransportAddress): TcpConnection {
    const remote = to ?? { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const id = `tcp-${this.nextId++}`;
    socket.setTimeout(this.idleTimeoutMs);
    socket.setNoDelay(true);
    const connection = new TcpConnection(id, socket, remote, outbound, this.listeners, (c) =>
      this.forget(c),
    );
    this.connections.set(id, connection);
    this.byRemote.set(remoteKey(connection.remote.host, connection.remote.port), id);
    return connection;
  }

  private forget(connection: TcpConnection): void {
    this.connections.delete(connection.id);
    const key = remoteKey(connection.remote.host, connection.remote.port);
    if (this.byRemote.get(key) === connection.id) this.byRemote.delete(key);
  }
}

function remoteKey(host: string, port: number): string {
  return `${normalizeHost(host)}:${port}`;
}
