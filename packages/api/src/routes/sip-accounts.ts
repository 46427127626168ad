import { z } from 'zod';
import { deleteSipAccount, listSipAccounts, saveSipAccount } from '@tsunagu/db';
import type { FastifyRequest } from 'fastify';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { ListOf, PathId, errorResponses, iso } from '../schemas/common.js';
import { SUPERVISORS, centerFromPath } from './resolve.js';

/** The realm phones authenticate in when the node names none. */
export const DEFAULT_SIP_REALM = 'tsunagu';

const TAG = 'sip accounts';

/** The SIP user part a phone registers as: short, and safe in a URI without escaping. */
export const SipUsername = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,32}$/, '1 to 32 letters, digits, dot, underscore or hyphen');

/** Typed into a desk phone's keypad by an admin, so long rather than complex. */
export const SipPassword = z.string().min(12).max(128);

const AccountParams = z.object({ centerId: PathId, username: SipUsername });

const AccountOut = z.object({
  username: z.string(),
  realm: z.string(),
  agentId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const viewOf = (a: {
  username: string;
  realm: string;
  agentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}): z.infer<typeof AccountOut> => ({
  username: a.username,
  realm: a.realm,
  agentId: a.agentId,
  createdAt: iso(a.createdAt.getTime()),
  updatedAt: iso(a.updatedAt.getTime()),
});

/**
 * Accounts agents' desk phones register with (digest) to the node's registrar. The password is
 * set here and never kept: the store keeps HA1 for MD5 and SHA-256 only, and nothing answers
 * with either. The admin manages the accounts; a center's supervisors see its phones.
 */
export function sipAccountRoutes(app: TypedApi, deps: ApiDeps): void {
  const base = '/api/v1/centers/:centerId/sip-accounts';

  app.get(
    base,
    {
      config: { guard: { roles: SUPERVISORS, center: centerFromPath } },
      schema: {
        tags: [TAG],
        summary: 'The center’s SIP phone accounts / センターの SIP 電話機アカウント一覧',
        params: z.object({ centerId: PathId }),
        response: { 200: ListOf(AccountOut), ...errorResponses(404) },
      },
    },
    async (request) => ({
      items: (await listSipAccounts(deps.db, request.params.centerId)).map(viewOf),
    }),
  );

  app.put(
    `${base}/:username`,
    {
      config: { guard: { roles: ['admin'], center: centerFromPath } },
      schema: {
        tags: [TAG],
        summary:
          'Create a SIP phone account or set its password and agent (system admin) / SIP 電話機アカウントの作成・パスワード変更（システム管理者）',
        description:
          'agentId: the agent whose phone it is; null for none; left out, the current one stays. / agentId を省略すると現在の割り当てを維持します。',
        params: AccountParams,
        body: z.strictObject({
          password: SipPassword,
          agentId: z.string().min(1).max(64).nullable().optional(),
        }),
        response: { 200: AccountOut, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const { centerId, username } = request.params;
      const { password, agentId } = request.body;
      if (
        typeof agentId === 'string' &&
        deps.engine.state.agents.get(agentId)?.centerId !== centerId
      )
        throw new ApiError('CC_ERR_AGENT_NOT_FOUND', { agentId });
      const saved = await saveSipAccount(deps.db, {
        centerId,
        username,
        realm: deps.sipRealm ?? DEFAULT_SIP_REALM,
        password,
        agentId,
      });
      // Usernames are unique across centers: one registrar serves them all.
      if (saved.outcome === 'taken') throw new ApiError('CC_ERR_CONFLICT', { username });
      await accountsChanged(request, deps);
      return viewOf(saved.account);
    },
  );

  app.delete(
    `${base}/:username`,
    {
      config: { guard: { roles: ['admin'], center: centerFromPath } },
      schema: {
        tags: [TAG],
        summary:
          'Delete a SIP phone account (system admin) / SIP 電話機アカウントの削除（システム管理者）',
        params: AccountParams,
        response: { 204: z.null(), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { centerId, username } = request.params;
      if (!(await deleteSipAccount(deps.db, centerId, username)))
        throw new ApiError('CC_ERR_NOT_FOUND', { username });
      await accountsChanged(request, deps);
      return reply.status(204).send(null);
    },
  );
}

/**
 * Tells the node to reload its registrar's directory. The change is committed already, so a
 * failing reload is logged, not answered as a failed request the admin would retry.
 */
async function accountsChanged(request: FastifyRequest, deps: ApiDeps): Promise<void> {
  try {
    await deps.onSipAccountsChanged?.();
  } catch (err) {
    request.log.error({ err }, 'reloading the SIP accounts failed');
  }
}
