/**
 * Keeps a 2xx to INVITE alive until its ACK arrives (RFC 3261 13.3.1.4): the 2xx is resent
 * at T1, 2*T1, ... capped at T2, and after 64*T1 without ACK the TU is told, so it can end
 * the dialog with BYE. The ACK travels end to end, so this runs on every transport.
 */
import type { SipResponse } from '../message.js';
import { TransactionTimers, type TransactionEnv } from './timers.js';

export class SuccessRetransmitter {
  private readonly timers: TransactionTimers;
  private done = false;

  constructor(
    private readonly response: SipResponse,
    private readonly env: Pick<TransactionEnv, 'scheduler' | 'timers' | 'send'>,
    private readonly onAckTimeout: () => void,
  ) {
    this.timers = new TransactionTimers(env.scheduler);
  }

  start(): void {
    const { t1 } = this.env.timers;
    this.arm(t1);
    this.timers.start('ack-timeout', 64 * t1, () => {
      this.stop();
      this.onAckTimeout();
    });
  }

  /** The ACK arrived (or the call is being torn down): no more retransmissions. */
  stop(): void {
    this.done = true;
    this.timers.stopAll();
  }

  get stopped(): boolean {
    return this.done;
  }

  private arm(interval: number): void {
    this.timers.start('resend', interval, () => {
      if (this.done) return;
      this.env.send(this.response);
      this.arm(Math.min(interval * 2, this.env.timers.t2));
    });
  }
}
