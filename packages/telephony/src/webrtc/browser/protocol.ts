/**
 * The softphone's signalling over one WebSocket (JSON text frames), shared by the server and
 * the browser module. The browser always offers (one SDP with every host candidate, no
 * trickle) and the server always answers.
 *
 * Agent softphone (/api/v1/softphone): the server rings with `incoming`; the browser `accept`s
 * with its offer or `reject`s; either side ends with `hangup` / `ended`.
 * Test caller (/api/v1/softphone/test-call): the browser `call`s a queue number with its offer.
 */

/** What the agent's screen shows for an incoming call (QCB-12, OUT-05). */
export interface IncomingDisplay {
  readonly origin: 'inbound' | 'callback' | 'transfer';
  readonly customerNumber: string;
  readonly queueName: string | null;
}

export type ClientMessage =
  | { readonly type: 'accept'; readonly legId: string; readonly sdp: string }
  | { readonly type: 'reject'; readonly legId: string }
  | { readonly type: 'call'; readonly to: string; readonly from: string; readonly sdp: string }
  | { readonly type: 'hangup'; readonly legId: string }
  /** Keys as a message, for browsers that cannot send RFC 4733 on the audio track. */
  | { readonly type: 'dtmf'; readonly legId: string; readonly digits: string };

export type ServerMessage =
  /** The socket is open: whose softphone this is (null for the test caller). */
  | { readonly type: 'ready'; readonly agentId: string | null }
  | {
      readonly type: 'incoming';
      readonly legId: string;
      /** The number the call shows (the customer's, or the center's for an outbound call). */
      readonly callerId: string;
      readonly display: IncomingDisplay | null;
    }
  /** The agent answered elsewhere (the desktop's button, the API): answer here now. */
  | { readonly type: 'answer-requested'; readonly legId: string }
  /** Our SDP answer to the browser's offer (accept or call). */
  | { readonly type: 'answer'; readonly legId: string; readonly sdp: string }
  /** The call is answered: the agent's or the queue's side picked up. */
  | { readonly type: 'connected'; readonly legId: string }
  | { readonly type: 'ended'; readonly legId: string; readonly reason: string }
  | {
      readonly type: 'error';
      /** A code of the error catalogue (docs/errors.md). */
      readonly code: string;
      readonly message: string;
      readonly messageJa: string;
      readonly legId?: string;
    };

/** Keys a browser may send (RFC 4733 events 0-15). */
export const DTMF_KEYS = /^[0-9*#A-D]{1,32}$/;
