import { randomBytes } from 'node:crypto';
import type { Db, Queryable, SqlParam } from '@tsunagu/db';
import { ApiError } from '../errors.js';
import type { Principal, Role } from '../principal.js';
import { hashPassword } from './passwords.js';

/** A user as the API shows it: never the password or its hash. */
export interface UserView {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  /** null: every center (system admins only). */
  readonly centers: string[] | null;
  /** null: every caller ID of the granted centers. */
  readonly callerIds: string[] | null;
  readonly agentId: string | null;
  readonly disabled: boolean;
  readonly createdAt: string;
}

/** The user columns this module reads; password_hash is never selected. */
const COLUMNS = 'id, login, name, role, centers, caller_ids, agent_id, disabled, created_at';

interface UserRow {
  id: string;
  login: string;
  name: string;
  role: Role;
  centers: string[] | null;
  caller_ids: string[] | null;
  agent_id: string | null;
  disabled: boolean;
  created_at: Date | string;
}

function view(row: UserRow): UserView {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    role: row.role,
    centers: row.centers,
    callerIds: row.caller_ids,
    agentId: row.agent_id,
    disabled: row.disabled,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Whether a (non-admin) principal may see this user: they share a center. Admins see all. */
export function canSeeUser(p: Principal, user: UserView): boolean {
  if (p.centers === 'all') return true;
  return user.centers !== null && user.centers.some((c) => p.centers.includes(c));
}

export async function findUser(db: Queryable, id: string): Promise<UserView | null> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows.rows[0] ? view(rows.rows[0]) : null;
}

export interface UserFilter {
  /** Part of the login, matched literally (no wildcards: `%` and `_` are plain characters). */
  readonly login?: string | undefined;
  readonly role?: Role | undefined;
  readonly centerId?: string | undefined;
  /** Only users sharing one of these centers (a supervisor's view); undefined: everyone. */
  readonly visibleTo?: readonly string[] | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function listUsers(db: Queryable, filter: UserFilter): Promise<UserView[]> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const param = (value: SqlParam) => {
    params.push(value);
    return `$${params.length}`;
  };
  // strpos, not LIKE: the filter is a literal substring, so there is no pattern to inject.
  if (filter.login) where.push(`strpos(lower(login), lower(${param(filter.login)})) > 0`);
  if (filter.role) where.push(`role = ${param(filter.role)}`);
  if (filter.centerId) where.push(`${param(filter.centerId)} = ANY(centers)`);
  if (filter.visibleTo) where.push(`centers && ${param([...filter.visibleTo])}::text[]`);
  const sql = `SELECT ${COLUMNS} FROM users ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY login LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`;
  return (await db.query<UserRow>(sql, params)).rows.map(view);
}

/** The stored form of a new or changed user, validated by the caller. */
export interface UserRecord {
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly centers: readonly string[] | null;
  readonly callerIds: readonly string[] | null;
  readonly agentId: string | null;
  readonly disabled: boolean;
}

export async function insertUser(db: Db, user: UserRecord, password: string): Promise<UserView> {
  const id = `user-${randomBytes(6).toString('hex')}`;
  const hash = await hashPassword(password);
  const rows = await uniqueOr409(() =>
    db.query<UserRow>(
      `INSERT INTO users (id, login, name, password_hash, role, centers, caller_ids, agent_id, disabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        id,
        user.login,
        user.name,
        hash,
        user.role,
        arr(user.centers),
        arr(user.callerIds),
        user.agentId,
        user.disabled,
      ],
    ),
  );
  return view(rows.rows[0]!);
}

/**
 * Writes the changed user. A new password or a disabled account also ends every session of
 * the user in the same transaction, so the old cookie stops working at once. The last enabled
 * system admin cannot be disabled, demoted or deleted (nobody could administer the system).
 */
export async function updateUser(
  db: Db,
  id: string,
  next: UserRecord,
  password: string | undefined,
): Promise<UserView | null> {
  const hash = password === undefined ? null : await hashPassword(password);
  return uniqueOr409(() =>
    db.transaction(async (tx) => {
      if (next.role !== 'admin' || next.disabled) await keepOneAdmin(tx, id);
      const rows = await tx.query<UserRow>(
        `UPDATE users SET name = $2, role = $3, centers = $4, caller_ids = $5, agent_id = $6,
           disabled = $7, password_hash = COALESCE($8, password_hash)
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          next.name,
          next.role,
          arr(next.centers),
          arr(next.callerIds),
          next.agentId,
          next.disabled,
          hash,
        ],
      );
      if (!rows.rows[0]) return null;
      if (hash !== null || next.disabled) {
        await tx.query('DELETE FROM sessions WHERE user_id = $1', [id]);
      }
      return view(rows.rows[0]);
    }),
  );
}

export async function deleteUser(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await keepOneAdmin(tx, id);
    // Sessions and tokens go with the user (ON DELETE CASCADE).
    const result = await tx.query('DELETE FROM users WHERE id = $1', [id]);
    return result.rowCount > 0;
  });
}

/** Refuses when `id` is the only enabled admin; the row locks serialise concurrent changes. */
async function keepOneAdmin(tx: Queryable, id: string): Promise<void> {
  const admins = await tx.query<{ id: string }>(
    `SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`,
  );
  const ids = admins.rows.map((r) => r.id);
  if (ids.length === 1 && ids[0] === id) {
    throw new ApiError('CC_ERR_ILLEGAL_TRANSITION', { reason: 'last-admin' });
  }
}

/** Is this agent linked to a user other than `exceptUserId`? */
export async function agentLinkedElsewhere(
  db: Queryable,
  agentId: string,
  exceptUserId: string | null,
): Promise<boolean> {
  const rows = await db.query(
    'SELECT 1 FROM users WHERE agent_id = $1 AND id IS DISTINCT FROM $2',
    [agentId, exceptUserId],
  );
  return rows.rows.length > 0;
}

export async function loginTaken(db: Queryable, login: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM users WHERE lower(login) = lower($1)', [login]);
  return rows.rows.length > 0;
}

function arr(values: readonly string[] | null): string[] | null {
  return values === null ? null : [...values];
}

/** A unique-key race lost after the pre-checks still answers 409, not 500. */
async function uniqueOr409<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const constraint = String((err as { constraint?: string }).constraint ?? '');
      throw new ApiError('CC_ERR_CONFLICT', {
        field: constraint.includes('agent') ? 'agentId' : 'login',
      });
    }
    throw err;
  }
}
