/**
 * The network port of the SIP core: what the transaction layer needs from a socket, and no
 * more. Adapters (UDP, TCP, WebSocket) implement it; tests use an in-memory fake.
 */
import type { SipMessage } from '../sip/message.js';

export type TransportProtocol = 'udp' | 'tcp' | 'ws';

export interface TransportAddress {
  readonly protocol: TransportProtocol;
  readonly host: string;
  readonly port: number;
  /** The connection a message came in on (TCP, WS), so replies can reuse it (RFC 3261 18.2.2). */
  readonly connectionId?: string;
}

export type MessageListener = (message: SipMessage, from: TransportAddress) => void;
export type MalformedListener = (raw: Uint8Array, from: TransportAddress, reason: string) => void;

export interface SipTransport {
  /**
   * Sends without blocking. Failures (no route, refused connection, closed socket) arrive
   * later through `onError`, which is how a transaction learns of a transport error (17.1.4).
   */
  send(message: SipMessage, to: TransportAddress, onError?: (error: Error) => void): void;
  onMessage(listener: MessageListener): void;
  /** Bytes that did not parse; the transaction layer may answer 400 (`badRequestFor`). */
  onMalformed(listener: MalformedListener): void;
  close(): Promise<void>;
}

/** TCP and WebSocket deliver in order or fail loudly, so no retransmission timers run. */
export function isReliable(protocol: TransportProtocol): boolean {
  return protocol !== 'udp';
}

/** `::ffff:127.0.0.1` from a dual-stack socket is the IPv4 address a Via would carry. */
export function normalizeHost(host: string): string {
  return host.startsWith('::ffff:') && host.includes('.') ? host.slice(7) : host;
}
