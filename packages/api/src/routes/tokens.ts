import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { newSecret, secretHash } from '../auth/passwords.js';
import { ROLES } from '../principal.js';
import { errorResponses, ListOf } from '../schemas/common.js';

const TokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

/** Never token_hash: the secret is shown once, at creation, and not kept. */
const COLUMNS = 'id, user_id, name, created_at, last_used_at, revoked_at';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const view = (r: TokenRow) => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  createdAt: iso(r.created_at)!,
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
});

/**
 * API tokens for integrations (BEY-04, SUP-02): a token acts as its user, with the user's
 * role, centers and caller IDs as they are at each request. Every user manages their own;
 * system admins may list and revoke anyone's. Revocation works at once: the authenticator
 * reads revoked_at on every request.
 */
export function tokenRoutes(app: TypedApi, deps: ApiDeps): void {
  app.post(
    '/api/v1/tokens',
    {
      config: { guard: { roles: ROLES } },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the secret is shown only in this answer / APIトークンを発行',
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: TokenSchema.extend({ token: z.string() }), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      // A leaked token must not be able to mint others that would outlive its revocation.
      if (p.via === 'token')
        throw new ApiError('CC_ERR_FORBIDDEN', { reason: 'sign in to create tokens' });
      const secret = newSecret('tsk');
      const rows = await deps.db.query<TokenRow>(
        `INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES ($1, $2, $3, $4)
         RETURNING ${COLUMNS}`,
        [`tok-${randomBytes(6).toString('hex')}`, p.userId, request.body.name, secretHash(secret)],
      );
      return reply.status(201).send({ ...view(rows.rows[0]!), token: secret });
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      config: { guard: { roles: ROLES } },
      schema: {
        tags: ['tokens'],
        summary: "List API tokens (admins: anyone's) / APIトークン一覧",
        querystring: z.object({
          /** Admins only: another user's tokens. */
          userId: z.string().min(1).max(64).optional(),
          /** Admins only: every user's tokens. */
          all: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: ListOf(TokenSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      const { userId, all } = request.query;
      const wantsOthers = all === 'true' || (userId !== undefined && userId !== p.userId);
      if (wantsOthers && p.role !== 'admin') throw new ApiError('CC_ERR_FORBIDDEN');
      const rows =
        all === 'true'
          ? await deps.db.query<TokenRow>(
              `SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`,
            )
          : await deps.db.query<TokenRow>(
              `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id`,
              [userId ?? p.userId],
            );
      return { items: rows.rows.map(view) };
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      config: { guard: { roles: ROLES } },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token, effective at once / APIトークンを失効',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request);
      // Someone else's token is "not found" to a non-admin: its existence is not theirs to know.
      const found = await deps.db.query<{ id: string }>(
        `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now())
         WHERE id = $1 AND ($2 OR user_id = $3) RETURNING id`,
        [request.params.id, p.role === 'admin', p.userId],
      );
      if (found.rows.length === 0) throw new ApiError('CC_ERR_NOT_FOUND');
      return reply.status(204).send(null);
    },
  );
}
