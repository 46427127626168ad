import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/authenticator.js';
import { newSecret, secretHash } from '../auth/passwords.js';
import type { Principal } from '../principal.js';

/**
 * What authenticated a stream, so it can be checked again while the stream stays open: a
 * session (by the hash of its cookie) or an API token (by id).
 */
export type Credential =
  | { readonly kind: 'session'; readonly key: string }
  | { readonly kind: 'token'; readonly key: string };

export function credentialOf(request: FastifyRequest, principal: Principal): Credential | null {
  if (principal.via === 'token' && principal.tokenId)
    return { kind: 'token', key: principal.tokenId };
  const cookie = request.cookies?.[SESSION_COOKIE];
  return principal.via === 'session' && cookie
    ? { kind: 'session', key: secretHash(cookie) }
    : null;
}

interface Ticket {
  readonly principal: Principal;
  readonly credential: Credential | null;
  readonly expiresAt: number;
}

/**
 * Short-lived, single-use stream tickets. A browser cannot set an Authorization header on a
 * WebSocket, and a long-lived API token in a URL ends up in logs and histories; a ticket in
 * the URL is harmless once used or after `ttlMs`. Only its hash is kept, in this node's memory
 * (a ticket is redeemed on the node that issued it, seconds later).
 */
export class TicketStore {
  private readonly tickets = new Map<string, Ticket>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(
    principal: Principal,
    credential: Credential | null,
  ): { ticket: string; expiresAt: number } {
    this.sweep();
    const ticket = newSecret('tkt');
    const expiresAt = this.now() + this.ttlMs;
    this.tickets.set(secretHash(ticket), { principal, credential, expiresAt });
    return { ticket, expiresAt };
  }

  /** The ticket's principal, once; null when unknown, used or expired. */
  redeem(ticket: string): { principal: Principal; credential: Credential | null } | null {
    const key = secretHash(ticket);
    const found = this.tickets.get(key);
    this.tickets.delete(key);
    if (!found || found.expiresAt <= this.now()) return null;
    return { principal: found.principal, credential: found.credential };
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, t] of this.tickets) if (t.expiresAt <= now) this.tickets.delete(key);
  }
}
