import type { Db } from '@tsunagu/db';
import type { Principal } from '../principal.js';
import type { Credential } from './tickets.js';

/** An open stream, as the registry sees it. */
export interface OpenStream {
  readonly principal: Principal;
  readonly credential: Credential | null;
  /** Ends the stream: the credential is gone (revoked, expired, user disabled) or changed. */
  end(code: 4401 | 4403, reason: string): void;
}

interface UserRow {
  key: string;
  role: string;
  centers: string[] | null;
  caller_ids: string[] | null;
  agent_id: string | null;
}

/** What a principal may see; when it changes under an open stream the stream must reconnect. */
function permissionsOf(p: {
  role: string;
  centers: readonly string[] | 'all';
  callerIds: readonly string[] | 'all';
  agentId: string | null;
}): string {
  return JSON.stringify([p.role, p.centers, p.callerIds, p.agentId]);
}

function permissionsOfRow(r: UserRow): string {
  return permissionsOf({
    role: r.role,
    centers: r.role === 'admin' || r.centers === null ? 'all' : r.centers,
    callerIds: r.caller_ids === null ? 'all' : r.caller_ids,
    agentId: r.agent_id,
  });
}

/**
 * Open streams outlive the request that authenticated them, so their credentials are checked
 * again every `intervalMs` with one query per kind for all streams: a revoked token, a signed
 * out session or a disabled user ends the stream (4401); changed permissions end it too (4403),
 * and the client reconnects with its last event id under the new permissions.
 */
export class StreamRegistry {
  private readonly streams = new Set<OpenStream>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 2_000,
  ) {}

  add(stream: OpenStream): () => void {
    this.streams.add(stream);
    if (!this.timer) {
      this.timer = setInterval(
        () => void this.revalidate().catch(() => undefined),
        this.intervalMs,
      );
      this.timer.unref();
    }
    return () => {
      this.streams.delete(stream);
      if (this.streams.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  get size(): number {
    return this.streams.size;
  }

  /** Whether one credential still stands for the same permissions (used when a ticket is redeemed). */
  async valid(principal: Principal, credential: Credential | null): Promise<boolean> {
    if (!credential) return false;
    const rows = await this.lookup(credential.kind, [credential.key]);
    const row = rows.get(credential.key);
    return row !== undefined && permissionsOfRow(row) === permissionsOf(principal);
  }

  async revalidate(): Promise<void> {
    const open = [...this.streams];
    const keys = (kind: Credential['kind']) => [
      ...new Set(open.flatMap((s) => (s.credential?.kind === kind ? [s.credential.key] : []))),
    ];
    const sessions = await this.lookup('session', keys('session'));
    const tokens = await this.lookup('token', keys('token'));
    for (const s of open) {
      if (!this.streams.has(s)) continue;
      const row = s.credential
        ? (s.credential.kind === 'session' ? sessions : tokens).get(s.credential.key)
        : undefined;
      if (!row) s.end(4401, 'credentials revoked or expired');
      else if (permissionsOfRow(row) !== permissionsOf(s.principal))
        s.end(4403, 'permissions changed; reconnect');
    }
  }

  private async lookup(kind: Credential['kind'], keys: string[]): Promise<Map<string, UserRow>> {
    if (keys.length === 0) return new Map();
    const sql =
      kind === 'session'
        ? `SELECT s.id_hash AS key, u.role, u.centers, u.caller_ids, u.agent_id
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.id_hash = ANY ($1::text[]) AND s.expires_at > now() AND NOT u.disabled`
        : `SELECT t.id AS key, u.role, u.centers, u.caller_ids, u.agent_id
           FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.id = ANY ($1::text[]) AND t.revoked_at IS NULL AND NOT u.disabled`;
    const rows = await this.db.query<UserRow>(sql, [keys]);
    return new Map(rows.rows.map((r) => [r.key, r]));
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.streams.clear();
  }
}
