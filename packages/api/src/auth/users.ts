import { randomBytes } from 'node:crypto';
import type { Db } from '@tsunagu/db';
import type { Role } from '../principal.js';
import { hashPassword } from './passwords.js';

export interface NewUser {
  readonly id?: string;
  readonly login: string;
  readonly name: string;
  readonly password: string;
  readonly role: Role;
  readonly centers?: readonly string[] | null;
  readonly callerIds?: readonly string[] | null;
  readonly agentId?: string | null;
}

export async function createUser(db: Db, user: NewUser): Promise<string> {
  const id = user.id ?? `user-${randomBytes(6).toString('hex')}`;
  await db.query(
    `INSERT INTO users (id, login, name, password_hash, role, centers, caller_ids, agent_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      user.login,
      user.name,
      await hashPassword(user.password),
      user.role,
      user.centers ? [...user.centers] : null,
      user.callerIds ? [...user.callerIds] : null,
      user.agentId ?? null,
    ],
  );
  return id;
}

/**
 * The first system admin. With no password given, one is generated and returned so the
 * caller can print it once; an existing admin is left alone.
 */
export async function ensureAdmin(
  db: Db,
  login: string,
  password: string | undefined,
): Promise<{ created: boolean; password: string | null }> {
  const existing = await db.query('SELECT 1 FROM users WHERE role = $1 LIMIT 1', ['admin']);
  if (existing.rows.length > 0) return { created: false, password: null };
  const chosen = password ?? randomBytes(12).toString('base64url');
  await createUser(db, { login, name: 'Administrator / 管理者', password: chosen, role: 'admin' });
  return { created: true, password: password ? null : chosen };
}
