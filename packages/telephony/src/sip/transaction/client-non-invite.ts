/**
 * Non-INVITE client transaction (RFC 3261 17.1.2).
 *
 * ```
 *   Trying ──1xx──► Proceeding ──200-699──► Completed ──K──► Terminated
 *     │ E: resend, E=min(2E,T2)   │ E: resend every T2
 *     │ F (64*T1): timeout        │ F: timeout
 *     └──200-699──► Completed (K = T4 on UDP, 0 on TCP/WS)
 * ```
 */
import type { SipRequest, SipResponse } from '../message.js';
import { TransactionTimers, type TransactionEnv } from './timers.js';
import type {
  ClientTransaction,
  ClientTransactionHandlers,
  ClientTransactionState,
  TransportAddress,
} from './types.js';

export class ClientNonInviteTransaction implements ClientTransaction {
  private current: ClientTransactionState = 'trying';
  private readonly timers: TransactionTimers;

  constructor(
    readonly request: SipRequest,
    readonly destination: TransportAddress,
    private readonly env: TransactionEnv,
    private readonly handlers: ClientTransactionHandlers,
  ) {
    this.timers = new TransactionTimers(env.scheduler);
  }

  get state(): ClientTransactionState {
    return this.current;
  }

  start(): void {
    const { t1 } = this.env.timers;
    this.env.send(this.request);
    if (!this.env.reliable) this.armTimerE(t1);
    this.timers.start('F', 64 * t1, () => this.timeout());
  }

  receiveResponse(response: SipResponse): void {
    if (this.current !== 'trying' && this.current !== 'proceeding') return;
    if (response.status < 200) {
      this.current = 'proceeding';
      this.handlers.onResponse(response);
      return;
    }
    this.timers.stopAll();
    this.current = 'completed';
    this.handlers.onResponse(response);
    if (this.env.reliable) this.terminate();
    else this.timers.start('K', this.env.timers.t4, () => this.terminate());
  }

  /** CANCEL applies to INVITE only (RFC 3261 9.1). */
  cancel(): void {}

  transportError(): void {
    if (this.current !== 'trying' && this.current !== 'proceeding') return;
    this.terminate();
    this.handlers.onTransportError();
  }

  private armTimerE(interval: number): void {
    this.timers.start('E', interval, () => {
      if (this.current !== 'trying' && this.current !== 'proceeding') return;
      this.env.send(this.request);
      // In Proceeding the interval is T2 outright; in Trying it doubles up to T2.
      const { t2 } = this.env.timers;
      this.armTimerE(this.current === 'proceeding' ? t2 : Math.min(interval * 2, t2));
    });
  }

  private timeout(): void {
    if (this.current !== 'trying' && this.current !== 'proceeding') return;
    this.terminate();
    this.handlers.onTimeout();
  }

  private terminate(): void {
    if (this.current === 'terminated') return;
    this.timers.stopAll();
    this.current = 'terminated';
    this.env.terminated();
  }
}
