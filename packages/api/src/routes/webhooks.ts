import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { newSecret } from '../auth/passwords.js';
import type { Role } from '../principal.js';
import {
  COLUMNS,
  DeliverySchema,
  EventTypesSchema,
  IdParams,
  iso,
  UrlSchema,
  view,
  WebhookSchema,
  type Time,
  type WebhookRow,
} from '../events/webhook-schemas.js';
import { centerFromBody, centerFromQuery } from './resolve.js';

/** Webhooks send a center's events to outside systems: system admins manage them. */
const ADMINS: readonly Role[] = ['admin'];

/** Webhooks (BEY-04): admin-registered receivers of a center's events, HMAC-signed. */
export function webhookRoutes(app: TypedApi, deps: ApiDeps): void {
  const one = async (id: string): Promise<WebhookRow> => {
    const rows = await deps.db.query<WebhookRow>(`SELECT ${COLUMNS} FROM webhooks WHERE id = $1`, [
      id,
    ]);
    if (!rows.rows[0]) throw new ApiError('CC_ERR_NOT_FOUND', { webhookId: id });
    return rows.rows[0];
  };

  app.post(
    '/api/v1/webhooks',
    {
      config: { guard: { roles: ADMINS, center: centerFromBody } },
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook; its signing secret is shown only here / Webhook を登録',
        body: z.strictObject({
          centerId: z.string().min(1).max(64),
          url: UrlSchema,
          eventTypes: EventTypesSchema.optional(),
          active: z.boolean().optional(),
          description: z.string().max(200).optional(),
        }),
        response: { 201: WebhookSchema.extend({ secret: z.string() }) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const secret = newSecret('whsec');
      const rows = await deps.db.query<WebhookRow>(
        `INSERT INTO webhooks (id, center_id, url, secret, event_types, active, description)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          `wh-${randomBytes(6).toString('hex')}`,
          b.centerId,
          b.url,
          secret,
          b.eventTypes ?? null,
          b.active ?? true,
          b.description ?? '',
        ],
      );
      return reply.status(201).send({ ...view(rows.rows[0]!), secret });
    },
  );

  app.get(
    '/api/v1/webhooks',
    {
      config: { guard: { roles: ADMINS, center: centerFromQuery } },
      schema: {
        tags: ['webhooks'],
        summary: 'List webhooks / Webhook 一覧',
        querystring: z.object({ centerId: z.string().min(1).max(64).optional() }),
        response: { 200: z.object({ webhooks: z.array(WebhookSchema) }) },
      },
    },
    async (request) => {
      const { centerId } = request.query;
      const rows = await deps.db.query<WebhookRow>(
        `SELECT ${COLUMNS} FROM webhooks WHERE $1::text IS NULL OR center_id = $1 ORDER BY created_at, id`,
        [centerId ?? null],
      );
      return { webhooks: rows.rows.map(view) };
    },
  );

  app.get(
    '/api/v1/webhooks/:id',
    {
      config: { guard: { roles: ADMINS } },
      schema: {
        tags: ['webhooks'],
        summary: 'One webhook / Webhook の詳細',
        params: IdParams,
        response: { 200: WebhookSchema },
      },
    },
    async (request) => view(await one(request.params.id)),
  );

  app.patch(
    '/api/v1/webhooks/:id',
    {
      config: { guard: { roles: ADMINS } },
      schema: {
        tags: ['webhooks'],
        summary: 'Change a webhook; disabling cancels what it had pending / Webhook を変更',
        params: IdParams,
        body: z
          .strictObject({
            url: UrlSchema.optional(),
            eventTypes: EventTypesSchema.optional(),
            active: z.boolean().optional(),
            description: z.string().max(200).optional(),
          })
          .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change / 変更なし' }),
        response: { 200: WebhookSchema },
      },
    },
    async (request) => {
      const b = request.body;
      const row = await deps.db.transaction(async (tx) => {
        const rows = await tx.query<WebhookRow>(
          `UPDATE webhooks SET
             url = COALESCE($2, url),
             event_types = CASE WHEN $3::boolean THEN $4::text[] ELSE event_types END,
             active = COALESCE($5, active),
             description = COALESCE($6, description),
             updated_at = now()
           WHERE id = $1 RETURNING ${COLUMNS}`,
          [
            request.params.id,
            b.url ?? null,
            b.eventTypes !== undefined,
            b.eventTypes ?? null,
            b.active ?? null,
            b.description ?? null,
          ],
        );
        // A disabled webhook gets nothing, including what was queued before.
        if (rows.rows[0] && !rows.rows[0].active)
          await tx.query(
            `UPDATE webhook_deliveries SET status = 'cancelled'
             WHERE webhook_id = $1 AND status = 'pending'`,
            [request.params.id],
          );
        return rows.rows[0];
      });
      if (!row) throw new ApiError('CC_ERR_NOT_FOUND', { webhookId: request.params.id });
      return view(row);
    },
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      config: { guard: { roles: ADMINS } },
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook and its deliveries / Webhook を削除',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const rows = await deps.db.query('DELETE FROM webhooks WHERE id = $1', [request.params.id]);
      if (rows.rowCount === 0)
        throw new ApiError('CC_ERR_NOT_FOUND', { webhookId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/webhooks/:id/secret',
    {
      config: { guard: { roles: ADMINS } },
      schema: {
        tags: ['webhooks'],
        summary: 'Rotate the signing secret; shown only here / 署名鍵を再発行',
        params: IdParams,
        response: { 200: z.object({ secret: z.string() }) },
      },
    },
    async (request) => {
      const secret = newSecret('whsec');
      const rows = await deps.db.query(
        'UPDATE webhooks SET secret = $2, updated_at = now() WHERE id = $1',
        [request.params.id, secret],
      );
      if (rows.rowCount === 0)
        throw new ApiError('CC_ERR_NOT_FOUND', { webhookId: request.params.id });
      return { secret };
    },
  );

  app.get(
    '/api/v1/webhooks/:id/deliveries',
    {
      config: { guard: { roles: ADMINS } },
      schema: {
        tags: ['webhooks'],
        summary: 'Deliveries of a webhook, newest event first / 配信履歴',
        params: IdParams,
        querystring: z.object({
          status: z.enum(['pending', 'delivered', 'failed', 'cancelled']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.coerce
            .number()
            .int()
            .min(1)
            .optional()
            .describe('Event id: deliveries of older events / これより前のイベント'),
        }),
        response: { 200: z.object({ deliveries: z.array(DeliverySchema) }) },
      },
    },
    async (request) => {
      await one(request.params.id);
      const q = request.query;
      const rows = await deps.db.query<{
        id: number | string;
        event_id: number | string;
        event_type: string | null;
        status: 'pending' | 'delivered' | 'failed' | 'cancelled';
        attempts: number;
        next_attempt_at: Time | null;
        last_attempt_at: Time | null;
        last_status: number | null;
        last_error: string | null;
        delivered_at: Time | null;
        created_at: Time;
      }>(
        `SELECT d.id, d.event_id, e.type AS event_type, d.status, d.attempts,
                CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at,
                d.last_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at
         FROM webhook_deliveries d LEFT JOIN events e ON e.id = d.event_id
         WHERE d.webhook_id = $1 AND ($2::text IS NULL OR d.status = $2)
           AND ($3::bigint IS NULL OR d.event_id < $3)
         ORDER BY d.event_id DESC LIMIT $4`,
        [request.params.id, q.status ?? null, q.before ?? null, q.limit],
      );
      return {
        deliveries: rows.rows.map((r) => ({
          id: Number(r.id),
          eventId: Number(r.event_id),
          eventType: r.event_type,
          status: r.status,
          attempts: r.attempts,
          nextAttemptAt: iso(r.next_attempt_at),
          lastAttemptAt: iso(r.last_attempt_at),
          lastStatus: r.last_status,
          lastError: r.last_error,
          deliveredAt: iso(r.delivered_at),
          createdAt: iso(r.created_at)!,
        })),
      };
    },
  );

  app.post(
    '/api/v1/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: { guard: { roles: ADMINS } },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a failed or cancelled delivery again / 配信を再試行',
        params: IdParams.extend({ deliveryId: z.coerce.number().int().min(1) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const rows = await deps.db.query(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now()
         WHERE id = $1 AND webhook_id = $2 AND status IN ('failed', 'cancelled')`,
        [request.params.deliveryId, request.params.id],
      );
      if (rows.rowCount === 0)
        throw new ApiError('CC_ERR_NOT_FOUND', { deliveryId: request.params.deliveryId });
      return reply.status(204).send(null);
    },
  );
}
