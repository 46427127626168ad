/** The transaction layer's face towards the transaction user (the UA core: RFC 3261 8, 12-15). */
import type { TransportAddress } from '../../sip-transport/transport.js';
import type { SipRequest, SipResponse } from '../message.js';

export type { TransportAddress } from '../../sip-transport/transport.js';

export interface ClientTransactionHandlers {
  /** Every response the TU must see: provisionals, the final, and 2xx retransmissions. */
  onResponse(response: SipResponse): void;
  /** Timer B or F fired (or a CANCELled INVITE got no final in 64*T1): treat as 408. */
  onTimeout(): void;
  /** The transport could not deliver the request: treat as 503 (RFC 3261 8.1.3.1). */
  onTransportError(): void;
}

export type ClientTransactionState =
  'calling' | 'trying' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

export interface ClientTransaction {
  /** The request as sent, with our Via on top: the source of ACK, CANCEL and dialog state. */
  readonly request: SipRequest;
  readonly destination: TransportAddress;
  readonly state: ClientTransactionState;
  /**
   * INVITE only: sends CANCEL (RFC 3261 9.1) once a provisional has arrived, waiting for
   * one if none has yet; a no-op once a final response arrived and for other methods.
   */
  cancel(): void;
}

export type ServerTransactionState =
  'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

export interface RespondOptions {
  /** A 2xx to INVITE got no ACK in 64*T1 (RFC 3261 13.3.1.4): the TU should send BYE. */
  onAckTimeout?(): void;
}

export interface ServerTransaction {
  /** The request, with `received`/`rport` filled into its top Via (RFC 3261 18.2.1, RFC 3581). */
  readonly request: SipRequest;
  readonly source: TransportAddress;
  readonly state: ServerTransactionState;
  /** Sends a response (responses after the final one are dropped). */
  respond(response: SipResponse, options?: RespondOptions): void;
}

export interface TransactionUser {
  /** Every new request except ACK and CANCEL; retransmissions are absorbed below. */
  onRequest(tx: ServerTransaction): void;
  /** The layer has answered the CANCEL 200; the TU must answer the INVITE 487. */
  onCancel(invite: ServerTransaction, cancel: SipRequest): void;
  /** An ACK for a 2xx (end-to-end, outside any transaction). */
  onAck(ack: SipRequest, source: TransportAddress): void;
  /** A 2xx to our INVITE after its client transaction ended: the TU re-sends the ACK. */
  onStray2xx?(response: SipResponse): void;
}
