/**
 * INVITE client transaction (RFC 3261 17.1.1, with RFC 6026's Accepted state).
 *
 * ```
 *            start: send INVITE, A=T1 (UDP), B=64*T1
 *   Calling ──1xx──► Proceeding ──2xx──► Accepted ──M=64*T1──► Terminated
 *     │  A: resend, A*=2  │                 (2xx retransmissions go to the TU)
 *     │  B: timeout       └─300-699─► Completed ──D──► Terminated
 *     ├──2xx──► Accepted       (send ACK; a retransmitted final re-sends it)
 *     └──300-699──► Completed
 * ```
 */
import type { SipRequest, SipResponse } from '../message.js';
import { buildCancel, buildNon2xxAck } from './requests.js';
import { TransactionTimers, type TransactionEnv } from './timers.js';
import type {
  ClientTransaction,
  ClientTransactionHandlers,
  ClientTransactionState,
  TransportAddress,
} from './types.js';

/** Timer D for unreliable transports: at least 32 s (RFC 3261 17.1.1.2). */
const TIMER_D_MS = 32_000;

export class ClientInviteTransaction implements ClientTransaction {
  private current: ClientTransactionState = 'calling';
  private readonly timers: TransactionTimers;
  private ack: SipRequest | undefined;
  private cancelWanted = false;
  private cancelSent = false;

  constructor(
    readonly request: SipRequest,
    readonly destination: TransportAddress,
    private readonly env: TransactionEnv,
    private readonly handlers: ClientTransactionHandlers,
    /** Starts CANCEL as its own non-INVITE client transaction (RFC 3261 9.1). */
    private readonly startCancel: (cancel: SipRequest) => void,
  ) {
    this.timers = new TransactionTimers(env.scheduler);
  }

  get state(): ClientTransactionState {
    return this.current;
  }

  start(): void {
    const { t1 } = this.env.timers;
    this.env.send(this.request);
    if (!this.env.reliable) this.armTimerA(t1);
    this.timers.start('B', 64 * t1, () => this.timeout());
  }

  receiveResponse(response: SipResponse): void {
    const { status } = response;
    switch (this.current) {
      case 'calling':
      case 'proceeding':
        if (status < 200) {
          this.timers.stop('A');
          this.timers.stop('B');
          this.current = 'proceeding';
          this.handlers.onResponse(response);
          if (this.cancelWanted) this.sendCancel();
        } else if (status < 300) this.accept(response);
        else this.complete(response);
        return;
      case 'accepted':
        // The UAS retransmits its 2xx until our TU's ACK reaches it (RFC 6026 7.2).
        if (status >= 200 && status < 300) this.handlers.onResponse(response);
        return;
      case 'completed':
        if (status >= 300 && this.ack) this.env.send(this.ack);
        return;
      default:
        return;
    }
  }

  cancel(): void {
    if (this.current === 'calling') this.cancelWanted = true;
    else if (this.current === 'proceeding') this.sendCancel();
  }

  transportError(): void {
    if (this.current !== 'calling' && this.current !== 'proceeding') return;
    this.terminate();
    this.handlers.onTransportError();
  }

  private armTimerA(interval: number): void {
    this.timers.start('A', interval, () => {
      if (this.current !== 'calling') return;
      this.env.send(this.request);
      this.armTimerA(interval * 2);
    });
  }

  private sendCancel(): void {
    if (this.cancelSent) return;
    this.cancelSent = true;
    this.startCancel(buildCancel(this.request));
    // A UAS that never answers the INVITE after CANCEL must not hold us for ever (9.1).
    this.timers.start('cancel', 64 * this.env.timers.t1, () => this.timeout());
  }

  private timeout(): void {
    if (this.current !== 'calling' && this.current !== 'proceeding') return;
    this.terminate();
    this.handlers.onTimeout();
  }

  private accept(response: SipResponse): void {
    this.timers.stopAll();
    this.current = 'accepted';
    this.timers.start('M', 64 * this.env.timers.t1, () => this.terminate());
    this.handlers.onResponse(response);
  }

  private complete(response: SipResponse): void {
    this.timers.stopAll();
    this.current = 'completed';
    this.ack = buildNon2xxAck(this.request, response);
    this.env.send(this.ack);
    this.handlers.onResponse(response);
    if (this.env.reliable) this.terminate();
    else this.timers.start('D', TIMER_D_MS, () => this.terminate());
  }

  private terminate(): void {
    if (this.current === 'terminated') return;
    this.timers.stopAll();
    this.current = 'terminated';
    this.env.terminated();
  }
}
