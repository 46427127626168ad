/** The listener lists every transport keeps; a throwing listener must not kill the socket. */
import type { SipMessage } from '../sip/message.js';
import type { MalformedListener, MessageListener, TransportAddress } from './transport.js';

export class TransportListeners {
  private readonly messages: MessageListener[] = [];
  private readonly malformed: MalformedListener[] = [];

  onMessage(listener: MessageListener): void {
    this.messages.push(listener);
  }

  onMalformed(listener: MalformedListener): void {
    this.malformed.push(listener);
  }

  emitMessage(message: SipMessage, from: TransportAddress): void {
    for (const listener of this.messages) {
      try {
        listener(message, from);
      } catch {
        // The transaction layer guards its own callbacks; this is a last line of defence.
      }
    }
  }

  emitMalformed(raw: Uint8Array, from: TransportAddress, reason: string): void {
    for (const listener of this.malformed) {
      try {
        listener(raw, from, reason);
      } catch {
        // As above: one bad listener must not stop the socket reading.
      }
    }
  }
}
