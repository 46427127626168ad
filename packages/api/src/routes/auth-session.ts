import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { SESSION_COOKIE } from '../auth/authenticator.js';
import { DUMMY_HASH, newSecret, secretHash, verifyPassword } from '../auth/passwords.js';
import { ROLES } from '../principal.js';
import { LoginThrottle } from '../auth/rate-limit.js';
import { ErrorSchema } from '../schemas/common.js';

const PrincipalSchema = z.object({
  userId: z.string(),
  login: z.string(),
  role: z.enum(ROLES as ['admin', 'supervisor', 'agent']),
  centers: z.union([z.literal('all'), z.array(z.string())]),
  callerIds: z.union([z.literal('all'), z.array(z.string())]),
  agentId: z.string().nullable(),
  via: z.enum(['session', 'token']),
});

/** Sign in with a password (session cookie), sign out, and "who am I". */
export function authSessionRoutes(app: TypedApi, deps: ApiDeps): void {
  // BEY-08: failed logins are limited per client address and per login (auth/rate-limit.ts).
  const throttle = new LoginThrottle({ attemptsPerMinute: deps.config.loginAttemptsPerMinute });
  app.post(
    '/api/v1/auth/login',
    {
      config: { guard: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an HttpOnly session cookie / ログイン',
        body: z.object({
          login: z.string().min(1).max(200),
          password: z.string().min(1).max(1000),
        }),
        response: {
          200: PrincipalSchema.omit({ via: true }),
          400: ErrorSchema,
          401: ErrorSchema,
          429: ErrorSchema.meta({ description: 'Too many failed attempts; see Retry-After' }),
        },
      },
    },
    async (request, reply) => {
      const { login, password } = request.body;
      // request.ip is the socket's address (trustProxy is off), so a forged X-Forwarded-For
      // header does not buy a fresh allowance.
      const verdict = throttle.attempt(request.ip, login, Date.now());
      if (!verdict.allowed) {
        reply.header('retry-after', String(verdict.retryAfterSec));
        throw new ApiError('CC_ERR_RATE_LIMITED', { retryAfterSec: verdict.retryAfterSec });
      }
      const rows = await deps.db.query<{
        id: string;
        login: string;
        role: 'admin' | 'supervisor' | 'agent';
        password_hash: string;
        centers: string[] | null;
        caller_ids: string[] | null;
        agent_id: string | null;
        disabled: boolean;
      }>(
        'SELECT id, login, role, password_hash, centers, caller_ids, agent_id, disabled FROM users WHERE login = $1',
        [login],
      );
      const user = rows.rows[0];
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !ok || user.disabled) throw new ApiError('CC_ERR_INVALID_CREDENTIALS');
      throttle.succeeded(request.ip, login, verdict.at, Date.now());
      const secret = newSecret('ses');
      const expires = new Date(Date.now() + deps.config.sessionTtlHours * 3_600_000);
      await deps.db.query(
        'INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, $3)',
        [secretHash(secret), user.id, expires],
      );
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.config.secureCookies,
        expires,
      });
      return {
        userId: user.id,
        login: user.login,
        role: user.role,
        centers: user.role === 'admin' || user.centers === null ? ('all' as const) : user.centers,
        callerIds: user.caller_ids === null ? ('all' as const) : user.caller_ids,
        agentId: user.agent_id,
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { guard: { roles: ROLES } },
      schema: { tags: ['auth'], summary: 'Sign out / ログアウト', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie)
        await deps.db.query('DELETE FROM sessions WHERE id_hash = $1', [secretHash(cookie)]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { guard: { roles: ROLES } },
      schema: {
        tags: ['auth'],
        summary: 'Who am I / ログイン中のユーザー',
        response: { 200: PrincipalSchema },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      return {
        userId: p.userId,
        login: p.login,
        role: p.role,
        centers: p.centers === 'all' ? ('all' as const) : [...p.centers],
        callerIds: p.callerIds === 'all' ? ('all' as const) : [...p.callerIds],
        agentId: p.agentId,
        via: p.via,
      };
    },
  );
}
