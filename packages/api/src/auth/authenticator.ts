import type { Db } from '@tsunagu/db';
import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../deps.js';
import type { Principal, Role } from '../principal.js';
import { secretHash } from './passwords.js';

export const SESSION_COOKIE = 'tsunagu_session';

interface UserRow {
  id: string;
  login: string;
  role: Role;
  centers: string[] | null;
  caller_ids: string[] | null;
  agent_id: string | null;
}

export function principalOf(
  row: UserRow,
  via: 'session' | 'token',
  tokenId: string | null,
): Principal {
  return {
    userId: row.id,
    login: row.login,
    role: row.role,
    centers: row.role === 'admin' || row.centers === null ? 'all' : row.centers,
    callerIds: row.caller_ids === null ? 'all' : row.caller_ids,
    agentId: row.agent_id,
    via,
    tokenId,
  };
}

/**
 * Looks up the session cookie or the bearer token on every request, so a revoked token or a
 * disabled user stops working at once (no cache to expire).
 */
export function createAuthenticator(db: Db): Authenticator {
  return {
    async authenticate(request: FastifyRequest): Promise<Principal | null> {
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const rows = await db.query<UserRow & { token_id: string }>(
          `SELECT u.id, u.login, u.role, u.centers, u.caller_ids, u.agent_id, t.id AS token_id
           FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`,
          [secretHash(header.slice('Bearer '.length).trim())],
        );
        const row = rows.rows[0];
        if (!row) return null;
        await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.token_id]);
        return principalOf(row, 'token', row.token_id);
      }
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (!cookie) return null;
      const rows = await db.query<UserRow>(
        `SELECT u.id, u.login, u.role, u.centers, u.caller_ids, u.agent_id
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
        [secretHash(cookie)],
      );
      const row = rows.rows[0];
      return row ? principalOf(row, 'session', null) : null;
    },
  };
}
