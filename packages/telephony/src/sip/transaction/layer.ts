/**
 * The transaction layer (RFC 3261 17, RFC 6026): matches incoming messages to transactions,
 * absorbs retransmissions, and hands the transaction user only what it must act on. It owns
 * no socket: it talks to a SipTransport and keeps time with an injected TaskScheduler.
 */
import type {
  SipTransport,
  TransportAddress,
  TransportProtocol,
} from '../../sip-transport/transport.js';
import { isReliable } from '../../sip-transport/transport.js';
import type { TaskScheduler } from '../../virtual/scheduler.js';
import { newBranch } from '../ids.js';
import { SipHeaders, type SipMessage, type SipRequest, type SipResponse } from '../message.js';
import { badRequestFor, createResponse } from '../response.js';
import { formatHostPort } from '../uri.js';
import { ClientInviteTransaction } from './client-invite.js';
import { ClientNonInviteTransaction } from './client-non-invite.js';
import { ackKey, clientKey, responseDestination, serverKey, stampReceived } from './matching.js';
import { ScopedScheduler } from './scoped-scheduler.js';
import { ServerInviteTransaction } from './server-invite.js';
import { ServerNonInviteTransaction } from './server-non-invite.js';
import { DEFAULT_TIMERS, type TimerValues } from './timers.js';
import type { ClientTransaction, ClientTransactionHandlers, TransactionUser } from './types.js';

export interface TransactionLayerOptions {
  readonly transport: SipTransport;
  readonly scheduler: TaskScheduler;
  readonly user: TransactionUser;
  readonly timers?: Partial<TimerValues>;
  /** The sent-by we put in our Via for a transport (RFC 3261 18.1.1). */
  via(protocol: TransportProtocol): { host: string; port: number };
  /** A throwing TU callback, a failed send, Timer H: logged here, never thrown. */
  onError?(error: unknown): void;
}

export type {
  ClientTransaction,
  ClientTransactionHandlers,
  RespondOptions,
  ServerTransaction,
  TransactionUser,
  TransportAddress,
} from './types.js';

type ClientTx = ClientInviteTransaction | ClientNonInviteTransaction;
type ServerTx = ServerInviteTransaction | ServerNonInviteTransaction;

const IGNORE_RESPONSES: ClientTransactionHandlers = {
  onResponse: () => {},
  onTimeout: () => {},
  onTransportError: () => {},
};

export class TransactionLayer {
  private readonly transport: SipTransport;
  private readonly scheduler: ScopedScheduler;
  private readonly timers: TimerValues;
  private readonly clients = new Map<string, ClientTx>();
  private readonly servers = new Map<string, ServerTx>();
  /** INVITE server transactions by Call-ID + CSeq, for ACKs of 2xx (new branch each). */
  private readonly invites = new Map<string, ServerInviteTransaction>();
  private closed = false;

  constructor(private readonly options: TransactionLayerOptions) {
    this.transport = options.transport;
    this.scheduler = new ScopedScheduler(options.scheduler);
    this.timers = { ...DEFAULT_TIMERS, ...options.timers };
    this.transport.onMessage((message, from) =>
      this.guard(() => {
        if (this.closed) return;
        if (message.kind === 'request') this.receiveRequest(message, from);
        else this.receiveResponse(message);
      }),
    );
    this.transport.onMalformed((raw, from, reason) =>
      this.guard(() => {
        if (this.closed) return;
        const reply = badRequestFor(raw, reason);
        if (reply) this.transportSend(reply, from);
      }),
    );
  }

  /** Starts a client transaction; the layer puts its own Via (fresh branch, rport) on top. */
  sendRequest(
    request: SipRequest,
    destination: TransportAddress,
    handlers: ClientTransactionHandlers,
  ): ClientTransaction {
    const sent = this.withOurVia(request, destination.protocol);
    if (request.method === 'ACK') {
      // ACK to a 2xx is not a transaction (RFC 3261 17): send it once and forget it.
      this.transportSend(sent, destination);
      return { request: sent, destination, state: 'terminated', cancel: () => {} };
    }
    return this.startClient(sent, destination, this.guardHandlers(handlers));
  }

  /** Sends outside any transaction: ACK for 2xx, stateless replies. Adds a Via to a request without one. */
  sendStateless(message: SipMessage, destination: TransportAddress): void {
    const out =
      message.kind === 'request' && !message.headers.has('Via')
        ? this.withOurVia(message, destination.protocol)
        : message;
    this.transportSend(out, destination);
  }

  /** Stops every timer and forgets every transaction; the transport stays open (the caller owns it). */
  close(): void {
    this.closed = true;
    this.scheduler.cancelAll();
    this.clients.clear();
    this.servers.clear();
    this.invites.clear();
  }

  /** Live transactions, for tests and metrics. */
  get size(): { clients: number; servers: number } {
    return { clients: this.clients.size, servers: this.servers.size };
  }

  private startClient(
    sent: SipRequest,
    destination: TransportAddress,
    handlers: ClientTransactionHandlers,
  ): ClientTransaction {
    const key = clientKey(sent) ?? `${newBranch()}|${sent.method}`;
    // The environment's callbacks name the transaction that is built from it just below.
    const holder: { tx?: ClientTx } = {};
    const env = {
      scheduler: this.scheduler,
      timers: this.timers,
      reliable: isReliable(destination.protocol),
      send: (m: SipMessage) =>
        this.transportSend(m, destination, () => holder.tx?.transportError()),
      terminated: () => {
        if (this.clients.get(key) === holder.tx) this.clients.delete(key);
      },
    };
    const tx: ClientTx =
      sent.method === 'INVITE'
        ? new ClientInviteTransaction(sent, destination, env, handlers, (cancel) =>
            this.startClient(cancel, destination, IGNORE_RESPONSES),
          )
        : new ClientNonInviteTransaction(sent, destination, env, handlers);
    holder.tx = tx;
    if (this.closed) return tx;
    this.clients.set(key, tx);
    tx.start();
    return tx;
  }

  private receiveRequest(received: SipRequest, source: TransportAddress): void {
    const request = stampReceived(received, source);
    const key = serverKey(request);
    if (key === undefined) return;
    const existing = this.servers.get(key);
    if (request.method === 'ACK') {
      this.receiveAck(request, source, existing);
      return;
    }
    if (existing) {
      existing.receiveRequest();
      return;
    }
    const tx = this.startServer(request, source, key);
    if (request.method === 'CANCEL') this.receiveCancel(tx, request);
    else this.guard(() => this.options.user.onRequest(tx));
  }

  private receiveAck(ack: SipRequest, source: TransportAddress, tx: ServerTx | undefined): void {
    if (tx instanceof ServerInviteTransaction && tx.state !== 'accepted') {
      tx.receiveAck();
      return;
    }
    // An ACK for a 2xx has its own branch; it is matched end to end by Call-ID and CSeq.
    const key = ackKey(ack);
    if (key !== undefined) this.invites.get(key)?.acknowledged();
    this.guard(() => this.options.user.onAck(ack, source));
  }

  /** CANCEL gets its own answer here (RFC 3261 9.2); the INVITE's 487 is the TU's to send. */
  private receiveCancel(cancelTx: ServerTx, cancel: SipRequest): void {
    const inviteKey = serverKey(cancel, 'INVITE');
    const invite = inviteKey === undefined ? undefined : this.servers.get(inviteKey);
    if (!(invite instanceof ServerInviteTransaction)) {
      cancelTx.respond(createResponse(cancel, 481));
      return;
    }
    cancelTx.respond(createResponse(cancel, 200));
    if (invite.cancellable) this.guard(() => this.options.user.onCancel(invite, cancel));
  }

  private startServer(request: SipRequest, source: TransportAddress, key: string): ServerTx {
    const destination = responseDestination(request, source);
    const invite = request.method === 'INVITE' ? ackKey(request) : undefined;
    let tx: ServerTx;
    const env = {
      scheduler: this.scheduler,
      timers: this.timers,
      reliable: isReliable(source.protocol),
      send: (m: SipMessage) => this.transportSend(m, destination, () => tx.transportError()),
      terminated: () => {
        if (this.servers.get(key) === tx) this.servers.delete(key);
        if (invite !== undefined && this.invites.get(invite) === tx) this.invites.delete(invite);
      },
    };
    if (request.method === 'INVITE') {
      const inviteTx = new ServerInviteTransaction(request, source, env, (e) => this.report(e));
      if (invite !== undefined) this.invites.set(invite, inviteTx);
      tx = inviteTx;
    } else tx = new ServerNonInviteTransaction(request, source, env);
    this.servers.set(key, tx);
    return tx;
  }

  private receiveResponse(response: SipResponse): void {
    const key = clientKey(response);
    const tx = key === undefined ? undefined : this.clients.get(key);
    if (tx) {
      tx.receiveResponse(response);
      return;
    }
    const isInvite2xx =
      response.status >= 200 &&
      response.status < 300 &&
      / INVITE$/.test(response.headers.get('CSeq') ?? '');
    if (isInvite2xx) this.guard(() => this.options.user.onStray2xx?.(response));
  }

  private withOurVia(request: SipRequest, protocol: TransportProtocol): SipRequest {
    const { host, port } = this.options.via(protocol);
    const via = `SIP/2.0/${protocol.toUpperCase()} ${formatHostPort(host, port)};branch=${newBranch()};rport`;
    const headers = new SipHeaders([['Via', via]]);
    for (const { name, value } of request.headers.entries()) headers.add(name, value);
    if (!headers.has('Max-Forwards')) headers.add('Max-Forwards', '70');
    return { ...request, headers };
  }

  private transportSend(m: SipMessage, to: TransportAddress, onFailure?: () => void): void {
    try {
      this.transport.send(m, to, (error) => {
        this.report(error);
        if (onFailure) this.guard(onFailure);
      });
    } catch (error) {
      this.report(error);
      if (onFailure) this.guard(onFailure);
    }
  }

  private guardHandlers(handlers: ClientTransactionHandlers): ClientTransactionHandlers {
    return {
      onResponse: (r) => this.guard(() => handlers.onResponse(r)),
      onTimeout: () => this.guard(() => handlers.onTimeout()),
      onTransportError: () => this.guard(() => handlers.onTransportError()),
    };
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // An error logger that throws has nowhere left to report to.
    }
  }
}
