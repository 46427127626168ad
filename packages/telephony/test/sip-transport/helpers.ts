/** Small helpers for socket tests on 127.0.0.1. */
import type { SipMessage } from '../../src/sip/message.js';
import type { SipTransport, TransportAddress } from '../../src/sip-transport/transport.js';

export const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;

export function options(branch: string, transport = 'UDP', callId = 'opt-1@example.com'): string {
  return crlf([
    'OPTIONS sip:queue@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/${transport} 127.0.0.1:5999;branch=${branch}`,
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:queue@127.0.0.1>',
    `Call-ID: ${callId}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
  ]);
}

export interface Received {
  readonly message: SipMessage;
  readonly from: TransportAddress;
}

/** Collects what a transport delivers, and lets a test wait for the n-th message. */
export function collect(transport: SipTransport) {
  const messages: Received[] = [];
  const malformed: Array<{ raw: Uint8Array; from: TransportAddress; reason: string }> = [];
  transport.onMessage((message, from) => messages.push({ message, from }));
  transport.onMalformed((raw, from, reason) => malformed.push({ raw, from, reason }));
  return { messages, malformed };
}

/** Polls until `ready()` holds; the test's own timeout bounds it. */
export async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setTimeout(r, 5));
}
