/** Schemas and row mapping of the webhook routes (BEY-04). */
import { z } from 'zod';
import { isTypePattern } from './types.js';

/**
 * http(s) only, no credentials in the URL (they would show in lists and logs). Where the URL
 * may point is the operator's network policy: a system admin can reach what the server can,
 * so keep the server's egress to the receivers you mean (the tests use 127.0.0.1 only).
 */
export const UrlSchema = z
  .string()
  .max(2000)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
      } catch {
        return false;
      }
    },
    { message: 'an http or https URL without credentials / http(s) の URL を指定してください' },
  );

export const EventTypesSchema = z
  .array(
    z.string().refine(isTypePattern, {
      message: "unknown event type; e.g. 'call.ended' or 'call.*' / 不明なイベント種別",
    }),
  )
  .min(1)
  .max(50)
  .nullable()
  .describe('Types or families to send; null sends every event / 送るイベント種別');

export const WebhookSchema = z.object({
  id: z.string(),
  centerId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()).nullable(),
  active: z.boolean(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const DeliverySchema = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  eventType: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});

export const IdParams = z.object({ id: z.string().min(1).max(64) });

export type Time = Date | string;
export const iso = (v: Time | null) => (v === null ? null : new Date(v).toISOString());

export interface WebhookRow {
  id: string;
  center_id: string;
  url: string;
  event_types: string[] | null;
  active: boolean;
  description: string;
  created_at: Time;
  updated_at: Time;
}

/** Never the secret: it is shown once, when created or rotated. */
export const COLUMNS =
  'id, center_id, url, event_types, active, description, created_at, updated_at';

export const view = (r: WebhookRow) => ({
  id: r.id,
  centerId: r.center_id,
  url: r.url,
  eventTypes: r.event_types,
  active: r.active,
  description: r.description,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});
