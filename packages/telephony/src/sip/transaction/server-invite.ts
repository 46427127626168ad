/**
 * INVITE server transaction (RFC 3261 17.2.1, with RFC 6026's Accepted state).
 *
 * ```
 *   Proceeding ──2xx──► Accepted ──L=64*T1──► Terminated
 *     │ (100 Trying after 200 ms unless the TU answered; retransmitted INVITE → last 1xx)
 *     └──300-699──► Completed ──ACK──► Confirmed ──I──► Terminated
 *                    │ G: resend final (UDP), H=64*T1: give up
 * ```
 * In Accepted, retransmitted INVITEs are absorbed and the TU's 2xx is kept alive by a
 * SuccessRetransmitter until the ACK (matched by the layer on Call-ID + CSeq) stops it.
 */
import type { SipRequest, SipResponse } from '../message.js';
import { createResponse } from '../response.js';
import { SuccessRetransmitter } from './success-retransmitter.js';
import { TransactionTimers, type TransactionEnv } from './timers.js';
import type {
  RespondOptions,
  ServerTransaction,
  ServerTransactionState,
  TransportAddress,
} from './types.js';

/** RFC 3261 17.2.1: the TU has 200 ms to send a provisional before we send 100 ourselves. */
const TRYING_DELAY_MS = 200;

export class ServerInviteTransaction implements ServerTransaction {
  private current: ServerTransactionState = 'proceeding';
  private readonly timers: TransactionTimers;
  private last: SipResponse | undefined;
  private retransmitter: SuccessRetransmitter | undefined;

  constructor(
    readonly request: SipRequest,
    readonly source: TransportAddress,
    private readonly env: TransactionEnv,
    private readonly onFailure: (error: Error) => void = () => {},
  ) {
    this.timers = new TransactionTimers(env.scheduler);
    this.timers.start('trying', TRYING_DELAY_MS, () => this.sendTrying());
  }

  get state(): ServerTransactionState {
    return this.current;
  }

  respond(response: SipResponse, options: RespondOptions = {}): void {
    if (this.current !== 'proceeding') return;
    this.timers.stop('trying');
    this.last = response;
    this.env.send(response);
    if (response.status < 200) return;
    const { t1, t2 } = this.env.timers;
    if (response.status < 300) {
      this.current = 'accepted';
      this.retransmitter = new SuccessRetransmitter(response, this.env, () =>
        options.onAckTimeout?.(),
      );
      this.retransmitter.start();
      this.timers.start('L', 64 * t1, () => this.terminate());
      return;
    }
    this.current = 'completed';
    if (!this.env.reliable) this.armTimerG(t1, t2);
    this.timers.start('H', 64 * t1, () => {
      this.terminate();
      this.onFailure(new Error('no ACK for a final response to INVITE (Timer H)'));
    });
  }

  /** A retransmission of the INVITE (same branch): repeat what we said last. */
  receiveRequest(): void {
    if (this.current === 'proceeding') {
      if (this.last) this.env.send(this.last);
      else this.sendTrying();
    } else if (this.current === 'completed' && this.last) this.env.send(this.last);
  }

  /** An ACK that matched this transaction by branch: one for our non-2xx final. */
  receiveAck(): void {
    if (this.current !== 'completed') return;
    this.timers.stopAll();
    this.current = 'confirmed';
    if (this.env.reliable) this.terminate();
    else this.timers.start('I', this.env.timers.t4, () => this.terminate());
  }

  /** The ACK for our 2xx arrived (matched end to end by the layer). */
  acknowledged(): void {
    this.retransmitter?.stop();
  }

  /** A CANCEL can still stop this INVITE only while no final response has been sent. */
  get cancellable(): boolean {
    return this.current === 'proceeding';
  }

  transportError(): void {
    if (this.current === 'terminated') return;
    this.terminate();
    this.onFailure(new Error('transport error sending a response to INVITE'));
  }

  private sendTrying(): void {
    if (this.current !== 'proceeding' || this.last) return;
    this.last = createResponse(this.request, 100);
    this.env.send(this.last);
  }

  private armTimerG(interval: number, t2: number): void {
    this.timers.start('G', interval, () => {
      if (this.current !== 'completed' || !this.last) return;
      this.env.send(this.last);
      this.armTimerG(Math.min(interval * 2, t2), t2);
    });
  }

  private terminate(): void {
    if (this.current === 'terminated') return;
    this.timers.stopAll();
    this.retransmitter?.stop();
    this.current = 'terminated';
    this.env.terminated();
  }
}
