/** Several transports behind one SipTransport, chosen by the destination's protocol. */
import type { SipMessage } from '../sip/message.js';
import type {
  MalformedListener,
  MessageListener,
  SipTransport,
  TransportAddress,
  TransportProtocol,
} from './transport.js';

export interface BoundTransport extends SipTransport {
  address(): { host: string; port: number };
}

export class MultiTransport implements SipTransport {
  constructor(private readonly transports: Partial<Record<TransportProtocol, BoundTransport>>) {}

  /** The bound address of one protocol's transport, if it is present. */
  address(protocol: TransportProtocol): { host: string; port: number } | undefined {
    return this.transports[protocol]?.address();
  }

  send(message: SipMessage, to: TransportAddress, onError?: (error: Error) => void): void {
    const transport = this.transports[to.protocol];
    if (!transport) {
      onError?.(new Error(`no ${to.protocol} transport`));
      return;
    }
    transport.send(message, to, onError);
  }

  onMessage(listener: MessageListener): void {
    for (const transport of this.all()) transport.onMessage(listener);
  }

  onMalformed(listener: MalformedListener): void {
    for (const transport of this.all()) transport.onMalformed(listener);
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((t) => t.close()));
  }

  private all(): BoundTransport[] {
    return Object.values(this.transports).filter((t): t is BoundTransport => t !== undefined);
  }
}
