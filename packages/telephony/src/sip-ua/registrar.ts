import { formatUri, parseNameAddr, splitHeaderValues, type SipRequest } from '../sip/index.js';
import { createResponse } from '../sip/response.js';
import type { ServerTransaction, TransportAddress } from '../sip/transaction/layer.js';
import type { DigestGuard } from './digest-guard.js';

/** Where a registered phone can be reached: its Contact and the address it registered from. */
export interface Binding {
  readonly username: string;
  readonly contact: string;
  /** Requests go back where the REGISTER came from, which works through NAT (RFC 5626 spirit). */
  readonly source: TransportAddress;
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
}

export interface RegistrarOptions {
  readonly guard: DigestGuard;
  readonly now: () => number;
  readonly minExpiresSec: number;
  readonly maxExpiresSec: number;
  readonly onChange?: (username: string, bindings: readonly Binding[]) => void;
}

/**
 * The registrar for agents' SIP phones (RFC 3261 §10): digest-authenticated REGISTER, one
 * binding set per address of record (the username), expiry checked on lookup.
 */
export class Registrar {
  private readonly bindings = new Map<string, Binding[]>();

  constructor(private readonly options: RegistrarOptions) {}

  handle(tx: ServerTransaction): void {
    const request = tx.request;
    const auth = this.options.guard.check(request, false);
    if (auth.kind === 'challenge') {
      return tx.respond(createResponse(request, 401, { headers: [...auth.headers] }));
    }
    if (auth.kind === 'forbidden') return tx.respond(createResponse(request, 403));
    const aor = parseNameAddr(request.headers.get('To') ?? '');
    const user = aor?.uri.scheme === 'sip' || aor?.uri.scheme === 'sips' ? aor.uri.user : undefined;
    // A phone may only register its own address of record.
    if (user !== auth.username) return tx.respond(createResponse(request, 403));
    const result = this.update(user, request, tx.source);
    if (typeof result === 'number') {
      const headers: [string, string][] =
        result === 423 ? [['Min-Expires', String(this.options.minExpiresSec)]] : [];
      return tx.respond(createResponse(request, result, { headers }));
    }
    const now = this.options.now();
    tx.respond(
      createResponse(request, 200, {
        headers: result.map((b) => [
          'Contact',
          `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
        ]),
      }),
    );
  }

  /** Live bindings of an address of record, newest first. */
  lookup(username: string): readonly Binding[] {
    const now = this.options.now();
    const live = (this.bindings.get(username) ?? []).filter((b) => b.expiresAt > now);
    if (live.length === 0) this.bindings.delete(username);
    else this.bindings.set(username, live);
    return [...live].sort((a, b) => b.expiresAt - a.expiresAt);
  }

  get size(): number {
    return this.bindings.size;
  }

  /**
   * Bindings kept from before a restart. Only those over UDP: a TCP or WebSocket phone's
   * connection died with the old process and the phone must register again over a new one.
   * Returns how many were taken.
   */
  restore(username: string, saved: readonly Omit<Binding, 'username'>[]): number {
    const now = this.options.now();
    const live = saved
      .filter((b) => b.expiresAt > now && b.source.protocol === 'udp')
      .map((b) => ({
        username,
        contact: b.contact,
        source: { protocol: b.source.protocol, host: b.source.host, port: b.source.port },
        expiresAt: b.expiresAt,
        callId: b.callId,
        cseq: b.cseq,
      }));
    if (live.length > 0) this.bindings.set(username, live);
    return live.length;
  }

  /** Drops the bindings of accounts that no longer exist (deleted by an administrator). */
  retain(exists: (username: string) => boolean): void {
    for (const username of [...this.bindings.keys()]) {
      if (exists(username)) continue;
      this.bindings.delete(username);
      this.options.onChange?.(username, []);
    }
  }

  private update(user: string, request: SipRequest, source: TransportAddress): Binding[] | number {
    const now = this.options.now();
    const callId = request.headers.get('Call-ID') ?? '';
    const cseq = Number((request.headers.get('CSeq') ?? '').trim().split(/\s+/)[0]);
    const contacts = request.headers.getAll('Contact');
    const headerExpires = request.headers.get('Expires');
    let list = this.lookup(user).slice();
    if (contacts.length === 1 && contacts[0]!.trim() === '*') {
      if (headerExpires?.trim() !== '0') return 400;
      this.bindings.delete(user);
      this.options.onChange?.(user, []);
      return [];
    }
    for (const value of contacts.flatMap(splitHeaderValues)) {
      const addr = parseNameAddr(value);
      if (addr === undefined) return 400;
      const uri = formatUri(addr.uri);
      const requested = Number(addr.params.get('expires') ?? headerExpires ?? 3600);
      if (!Number.isFinite(requested) || requested < 0) return 400;
      const existing = list.find((b) => b.contact === uri);
      // An out-of-order REGISTER from the same phone must not undo a newer one (§10.3 step 7).
      if (existing && existing.callId === callId && existing.cseq >= cseq) return 500;
      list = list.filter((b) => b.contact !== uri);
      if (requested === 0) continue;
      if (requested < this.options.minExpiresSec) return 423;
      const seconds = Math.min(requested, this.options.maxExpiresSec);
      list.push({
        username: user,
        contact: uri,
        source,
        expiresAt: now + seconds * 1000,
        callId,
        cseq,
      });
    }
    if (list.length === 0) this.bindings.delete(user);
    else this.bindings.set(user, list);
    this.options.onChange?.(user, list);
    return list;
  }
}
