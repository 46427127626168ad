import type { AgentDevice, Digit, TelephonyEvent } from '@tsunagu/domain';
import type { SipResponse } from '../sip/index.js';
import type {
  ClientTransaction,
  TransactionLayer,
  TransportAddress,
} from '../sip/transaction/layer.js';
import type { TaskScheduler } from '../virtual/scheduler.js';
import type { DigestGuard } from './digest-guard.js';
import type { Registrar } from './registrar.js';
import type { SipAccountDirectory } from './accounts.js';
import type { LegMedia, MediaDirection, MediaProvider, RemoteMedia } from './media-port.js';
import type { Dialog } from './dialog.js';
import type { SipUaSettings } from './settings.js';
import type { ServerTransaction } from '../sip/transaction/layer.js';
import type { LegRecording } from './media-port.js';
import type { KeyCollect } from '../key-collector.js';

export type SipLegState = 'offered' | 'early' | 'calling' | 'ringing' | 'up' | 'ended';

/** One call leg on the SIP side: a dialog (once there is one) and its media. */
export interface SipLeg {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  state: SipLegState;
  /** The INVITE we are answering (inbound) until its final response. */
  invite: ServerTransaction | null;
  /** Our INVITE's client transaction (outbound) until its final response. */
  outgoing: ClientTransaction | null;
  dialog: Dialog | null;
  readonly localTag: string;
  media: LegMedia | null;
  /** What the far end offered or answered, to build our SDP and re-answers. */
  remote: RemoteMedia | null;
  /** The direction the far end asked for last (hold when sendonly / inactive). */
  remoteDirection: MediaDirection;
  sdpVersion: number;
  readonly sdpSessionId: number;
  bridgedTo: string | null;
  heldByUs: boolean;
  collect: KeyCollect | null;
  /** Keys counted on this leg; `seq` of the last one. */
  digitSeq: number;
  /** Keys pressed while no collect listened, newest last, for a collect's type-ahead. */
  readonly typedAhead: { readonly seq: number; readonly digit: Digit }[];
  recording: { id: string; handle: LegRecording } | null;
  /** A session refresh we expect (RFC 4028), or one we owe; cancels the timer. */
  sessionTimer: (() => void) | null;
  sessionExpiresSec: number;
  refresher: 'uac' | 'uas';
  /** Cancels timers owned by the leg (ring timeout, ...). */
  readonly timers: (() => void)[];
  /** Set when the engine asked for the end: no `leg.ended` goes back for it. */
  endedByUs: boolean;
  /** For REFER we sent: what to do when the transfer completes. */
  transferPending: boolean;
}

export interface SipTelephonyOptions {
  readonly settings: SipUaSettings;
  readonly layer: TransactionLayer;
  readonly scheduler: TaskScheduler;
  readonly media: MediaProvider;
  readonly registrar: Registrar;
  readonly accounts: SipAccountDirectory;
  /** Guards INVITEs from addresses that are not trusted trunks (407 challenge). */
  readonly inviteGuard: DigestGuard;
  /** The agent's device (from the engine's configuration), for offers to agents. */
  readonly agentDevice: (agentId: string) => AgentDevice | undefined;
  /** Our Contact / Via host and port per protocol. */
  readonly localAddress: (protocol: TransportAddress['protocol']) => { host: string; port: number };
  /** Extra admission check (draining, engine capacity); the leg cap is checked here too. */
  readonly admit?: () => boolean;
  readonly onError?: (err: unknown, context: string) => void;
  readonly onRefused?: (reason: 'capacity' | 'forbidden' | 'unauthenticated') => void;
}

/** What the call handlers share with the adapter. */
export interface UaContext {
  readonly options: SipTelephonyOptions;
  readonly legs: Map<string, SipLeg>;
  emit(event: TelephonyEvent): void;
  contact(protocol: TransportAddress['protocol']): string;
  /** Finds the leg for an in-dialog request or response. */
  legByDialog(callId: string, localTag: string, remoteTag: string): SipLeg | undefined;
  indexDialog(leg: SipLeg): void;
  /** Ends the leg locally: media, timers, indexes. Reports `leg.ended` unless the engine asked. */
  finish(leg: SipLeg, reason: 'hangup' | 'media-lost' | 'transferred' | null): void;
  send(leg: SipLeg, method: string, extra?: RequestExtras): ClientTransaction | null;
  /** ACK for a 2xx to our INVITE (sent end to end, outside any transaction). */
  sendAck(leg: SipLeg, seq: number): void;
}

export interface RequestExtras {
  readonly headers?: readonly (readonly [string, string])[];
  readonly body?: Uint8Array;
  readonly contentType?: string;
  readonly onResponse?: (response: SipResponse) => void;
  readonly onFailure?: () => void;
}
