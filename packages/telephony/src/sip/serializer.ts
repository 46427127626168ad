/** Serializes SIP messages to wire bytes (RFC 3261 section 7). Sans-I/O. */
import type { SipHeaders, SipMessage } from './message.js';

const encoder = new TextEncoder();

function headerText(headers: SipHeaders): string {
  let out = '';
  for (const { name, value } of headers.entries()) {
    // Content-Length is always written from the body below, so a stale one cannot slip out.
    if (name.toLowerCase() === 'content-length') continue;
    out += `${name}: ${value}\r\n`;
  }
  return out;
}

/** The start line and headers, ending with the blank line, as text. */
export function serializeHead(message: SipMessage): string {
  const startLine =
    message.kind === 'request'
      ? `${message.method} ${message.uri} SIP/2.0`
      : `SIP/2.0 ${message.status} ${message.reason}`;
  return `${startLine}\r\n${headerText(message.headers)}Content-Length: ${message.body.length}\r\n\r\n`;
}

export function serialize(message: SipMessage): Uint8Array {
  const head = encoder.encode(serializeHead(message));
  const out = new Uint8Array(head.length + message.body.length);
  out.set(head);
  out.set(message.body, head.length);
  return out;
}
