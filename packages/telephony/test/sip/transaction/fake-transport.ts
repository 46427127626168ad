/** An in-memory SipTransport: records what the layer sends and lets a test inject traffic. */
import type { SipMessage, SipRequest, SipResponse } from '../../../src/sip/message.js';
import { parse } from '../../../src/sip/parser.js';
import type {
  MalformedListener,
  MessageListener,
  SipTransport,
  TransportAddress,
} from '../../../src/sip-transport/transport.js';

export interface Sent {
  readonly message: SipMessage;
  readonly to: TransportAddress;
  readonly at: number;
}

export class FakeTransport implements SipTransport {
  readonly sent: Sent[] = [];
  private readonly messageListeners: MessageListener[] = [];
  private readonly malformedListeners: MalformedListener[] = [];
  /** Set to make every send fail asynchronously, as a refused TCP connection would. */
  failSends = false;

  constructor(private readonly now: () => number = () => 0) {}

  send(message: SipMessage, to: TransportAddress, onError?: (error: Error) => void): void {
    this.sent.push({ message, to, at: this.now() });
    if (this.failSends) queueMicrotask(() => onError?.(new Error('refused')));
  }

  onMessage(listener: MessageListener): void {
    this.messageListeners.push(listener);
  }

  onMalformed(listener: MalformedListener): void {
    this.malformedListeners.push(listener);
  }

  async close(): Promise<void> {}

  /** Parses wire text as the socket adapters do and hands it to the layer. */
  deliver(text: string, from: TransportAddress): void {
    const bytes = new TextEncoder().encode(text);
    const result = parse(bytes);
    if (result.ok) for (const l of this.messageListeners) l(result.message, from);
    else for (const l of this.malformedListeners) l(bytes, from, result.error.reason);
  }

  requests(method?: string): SipRequest[] {
    return this.sent
      .map((s) => s.message)
      .filter((m): m is SipRequest => m.kind === 'request' && (!method || m.method === method));
  }

  responses(status?: number): SipResponse[] {
    return this.sent
      .map((s) => s.message)
      .filter((m): m is SipResponse => m.kind === 'response' && (!status || m.status === status));
  }

  /** Times at which messages matching `pick` were sent. */
  times(pick: (m: SipMessage) => boolean): number[] {
    return this.sent.filter((s) => pick(s.message)).map((s) => s.at);
  }
}

export const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;

export function inviteText(
  branch: string,
  options: { transport?: string; cseq?: number } = {},
): string {
  const transport = options.transport ?? 'UDP';
  return crlf([
    'INVITE sip:queue@192.0.2.1 SIP/2.0',
    `Via: SIP/2.0/${transport} 198.51.100.7:5060;branch=${branch};rport`,
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:queue@192.0.2.1>',
    'Call-ID: call-1@example.com',
    `CSeq: ${options.cseq ?? 1} INVITE`,
    'Contact: <sip:alice@198.51.100.7>',
  ]);
}

export function requestText(method: string, branch: string, cseq = 1, toTag = ''): string {
  return crlf([
    `${method} sip:queue@192.0.2.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 198.51.100.7:5060;branch=${branch};rport`,
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    `To: <sip:queue@192.0.2.1>${toTag ? `;tag=${toTag}` : ''}`,
    'Call-ID: call-1@example.com',
    `CSeq: ${cseq} ${method}`,
  ]);
}

/** A response to a request the layer sent, echoing its Via (as the far end would). */
export function responseTextFor(request: SipRequest, status: number, toTag = 'b2'): string {
  const vias = request.headers.getAll('Via').map((v) => `Via: ${v}`);
  const to = request.headers.get('To')!;
  return crlf([
    `SIP/2.0 ${status} Whatever`,
    ...vias,
    `From: ${request.headers.get('From')}`,
    `To: ${status === 100 || to.includes('tag=') ? to : `${to};tag=${toTag}`}`,
    `Call-ID: ${request.headers.get('Call-ID')}`,
    `CSeq: ${request.headers.get('CSeq')}`,
  ]);
}
