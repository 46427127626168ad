/**
 * Non-INVITE server transaction (RFC 3261 17.2.2).
 *
 * ```
 *   Trying ──1xx──► Proceeding ──200-699──► Completed ──J──► Terminated
 *     │ retransmission: ignored  │ retransmission: last 1xx   │ retransmission: the final
 *     └──200-699──► Completed (J = 64*T1 on UDP, 0 on TCP/WS)
 * ```
 */
import type { SipRequest, SipResponse } from '../message.js';
import { TransactionTimers, type TransactionEnv } from './timers.js';
import type { ServerTransaction, ServerTransactionState, TransportAddress } from './types.js';

export class ServerNonInviteTransaction implements ServerTransaction {
  private current: ServerTransactionState = 'trying';
  private readonly timers: TransactionTimers;
  private last: SipResponse | undefined;

  constructor(
    readonly request: SipRequest,
    readonly source: TransportAddress,
    private readonly env: TransactionEnv,
  ) {
    this.timers = new TransactionTimers(env.scheduler);
  }

  get state(): ServerTransactionState {
    return this.current;
  }

  respond(response: SipResponse): void {
    if (this.current !== 'trying' && this.current !== 'proceeding') return;
    this.last = response;
    this.env.send(response);
    if (response.status < 200) {
      this.current = 'proceeding';
      return;
    }
    this.current = 'completed';
    if (this.env.reliable) this.terminate();
    else this.timers.start('J', 64 * this.env.timers.t1, () => this.terminate());
  }

  receiveRequest(): void {
    if ((this.current === 'proceeding' || this.current === 'completed') && this.last) {
      this.env.send(this.last);
    }
  }

  transportError(): void {
    this.terminate();
  }

  private terminate(): void {
    if (this.current === 'terminated') return;
    this.timers.stopAll();
    this.current = 'terminated';
    this.env.terminated();
  }
}
