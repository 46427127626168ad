import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import type { Role } from '../principal.js';
import { checkUserRecord } from '../auth/user-rules.js';
import { errorResponses, ListOf } from '../schemas/common.js';
import {
  agentLinkedElsewhere,
  canSeeUser,
  deleteUser,
  findUser,
  insertUser,
  listUsers,
  loginTaken,
  updateUser,
  type UserRecord,
} from '../auth/user-store.js';

const RoleSchema = z.enum(['admin', 'supervisor', 'agent']);
const Id = z.string().min(1).max(64);
const Login = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._@-]{1,63}$/,
    'login: 2-64 characters a-z 0-9 . _ @ -, starting with a letter or digit',
  );
/** Long passphrases rather than complexity rules (NIST SP 800-63B). */
const Password = z.string().min(12).max(1000);
const Name = z.string().trim().min(1).max(200);
const Centers = z.array(Id).max(1000).nullable();
const CallerIds = z
  .array(z.string().regex(/^\+?\d{3,20}$/))
  .max(1000)
  .nullable();

const UserSchema = z.object({
  id: z.string(),
  login: z.string(),
  name: z.string(),
  role: RoleSchema,
  centers: z.array(z.string()).nullable(),
  callerIds: z.array(z.string()).nullable(),
  agentId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

const notTheLogin = (login: string, password: string) =>
  password.normalize('NFKC').toLowerCase() !== login.toLowerCase();

const CreateBody = z
  .strictObject({
    login: Login,
    name: Name,
    password: Password,
    role: RoleSchema,
    centers: Centers.optional(),
    callerIds: CallerIds.optional(),
    agentId: Id.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => notTheLogin(b.login, b.password), {
    path: ['password'],
    message: 'the password must not be the login',
  });

const UpdateBody = z
  .strictObject({
    name: Name.optional(),
    role: RoleSchema.optional(),
    password: Password.optional(),
    centers: Centers.optional(),
    callerIds: CallerIds.optional(),
    agentId: Id.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

const IdParams = z.object({ id: Id });

const ADMIN: readonly Role[] = ['admin'];
const READERS: readonly Role[] = ['admin', 'supervisor'];

/**
 * Users and their roles (SUP-02). Only system admins change users; a supervisor may read the
 * users of their own centers; agents may not read users at all. Passwords are write-only.
 */
export function userRoutes(app: TypedApi, deps: ApiDeps): void {
  app.post(
    '/api/v1/users',
    {
      config: { guard: { roles: ADMIN } },
      schema: {
        tags: ['users'],
        summary: 'Create a user / ユーザーを作成',
        body: CreateBody,
        response: { 201: UserSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const record = checkUserRecord(deps.engine.state, {
        login: b.login,
        name: b.name,
        role: b.role,
        centers: b.centers ?? null,
        callerIds: b.callerIds ?? null,
        agentId: b.agentId ?? null,
        disabled: b.disabled ?? false,
      });
      if (await loginTaken(deps.db, record.login)) {
        throw new ApiError('CC_ERR_CONFLICT', { field: 'login' });
      }
      await refuseTakenAgent(deps, record, null);
      return reply.status(201).send(await insertUser(deps.db, record, b.password));
    },
  );

  app.get(
    '/api/v1/users',
    {
      config: { guard: { roles: READERS } },
      schema: {
        tags: ['users'],
        summary: 'List users (supervisors: their centers) / ユーザー一覧',
        querystring: z.object({
          login: z.string().min(1).max(200).optional(),
          role: RoleSchema.optional(),
          centerId: Id.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: ListOf(UserSchema) },
      },
    },
    async (request) => {
      const p = requirePrincipal(request);
      const q = request.query;
      const users = await listUsers(deps.db, {
        ...q,
        visibleTo: p.centers === 'all' ? undefined : p.centers,
      });
      return { items: users };
    },
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: { guard: { roles: READERS } },
      schema: {
        tags: ['users'],
        summary: 'Get a user / ユーザーを取得',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      const user = await findUser(deps.db, request.params.id);
      if (!user) throw new ApiError('CC_ERR_NOT_FOUND');
      if (!canSeeUser(requirePrincipal(request), user)) throw new ApiError('CC_ERR_FORBIDDEN');
      return user;
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { guard: { roles: ADMIN } },
      schema: {
        tags: ['users'],
        summary:
          'Change a user: name, role, password, centers, caller IDs, agent, disabled / ユーザーを変更',
        params: IdParams,
        body: UpdateBody,
        response: { 200: UserSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      const current = await findUser(deps.db, request.params.id);
      if (!current) throw new ApiError('CC_ERR_NOT_FOUND');
      const role = b.role ?? current.role;
      if (b.password !== undefined && !notTheLogin(current.login, b.password)) {
        throw new ApiError('CC_ERR_VALIDATION', {
          field: 'password',
          reason: 'the password must not be the login',
        });
      }
      const record = checkUserRecord(deps.engine.state, {
        login: current.login,
        name: b.name ?? current.name,
        role,
        // Promoted to admin without saying: every center. Otherwise what was there stays.
        centers: b.centers !== undefined ? b.centers : role === 'admin' ? null : current.centers,
        callerIds: b.callerIds !== undefined ? b.callerIds : current.callerIds,
        agentId: b.agentId !== undefined ? b.agentId : current.agentId,
        disabled: b.disabled ?? current.disabled,
      });
      await refuseTakenAgent(deps, record, current.id);
      const updated = await updateUser(deps.db, current.id, record, b.password);
      if (!updated) throw new ApiError('CC_ERR_NOT_FOUND');
      return updated;
    },
  );

  app.delete(
    '/api/v1/users/:id',
    {
      config: { guard: { roles: ADMIN } },
      schema: {
        tags: ['users'],
        summary: 'Delete a user (their sessions and tokens end) / ユーザーを削除',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      if (!(await deleteUser(deps.db, request.params.id))) throw new ApiError('CC_ERR_NOT_FOUND');
      return reply.status(204).send(null);
    },
  );
}

async function refuseTakenAgent(
  deps: ApiDeps,
  record: UserRecord,
  userId: string | null,
): Promise<void> {
  if (record.agentId !== null && (await agentLinkedElsewhere(deps.db, record.agentId, userId))) {
    throw new ApiError('CC_ERR_CONFLICT', { field: 'agentId' });
  }
}
