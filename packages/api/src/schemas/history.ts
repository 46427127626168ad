import { z } from 'zod';
import type { CallEndReason } from '@tsunagu/domain';
import { Instant, InstantQuery, PathId } from './common.js';
import { CallKindSchema } from './views.js';

export const END_REASONS = [
  'caller-hangup',
  'agent-hangup',
  'abandoned',
  'callback-requested',
  'callback-declined',
  'voicemail-left',
  'no-answer',
  'busy',
  'rejected',
  'unreachable',
  'forwarded',
  'transferred',
  'transfer-failed',
  'party-hangup',
  'after-hours',
  'queue-full',
  'agents-busy',
  'max-wait',
  'no-route',
  'media-lost',
  'cancelled',
] as const satisfies readonly CallEndReason[];

// Fails to compile when the engine gains an end reason this list does not have.
type Missing = Exclude<CallEndReason, (typeof END_REASONS)[number]>;
const _exhaustive: [Missing] extends [never] ? true : Missing = true;
void _exhaustive;

/** Search criteria shared by the history page and its CSV export (SUP-04). */
export const HistorySearch = z.object({
  from: InstantQuery.optional().meta({ description: 'Created at or after (ISO 8601 with offset)' }),
  to: InstantQuery.optional().meta({ description: 'Created before (ISO 8601 with offset)' }),
  queueId: PathId.optional(),
  agentId: PathId.optional(),
  number: z
    .string()
    .regex(/^\+?\d{1,20}$/, 'digits only')
    .optional()
    .meta({ description: 'Digits contained in the customer’s number' }),
  kind: CallKindSchema.optional(),
  endReason: z.enum(END_REASONS).optional(),
});

export const HistoryQuery = HistorySearch.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
});

export const CsvQuery = HistorySearch.extend({
  bom: z
    .enum(['true', 'false'])
    .default('true')
    .meta({ description: 'Start with a UTF-8 byte order mark so Excel reads Japanese text' }),
});

export const HistoryItem = z.object({
  callId: z.string(),
  kind: CallKindSchema,
  state: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  customerNumber: z.string(),
  ourNumber: z.string(),
  createdAt: Instant,
  connectedAt: Instant.nullable(),
  endedAt: Instant.nullable(),
  waitMs: z.number().int().nullable(),
  talkMs: z.number().int().nullable(),
  endReason: z.string().nullable(),
  dispositionId: z.string().nullable(),
  callbackId: z.string().nullable(),
});

export const HistoryPage = z.object({
  items: z.array(HistoryItem),
  nextCursor: z.string().nullable().meta({ description: 'Null on the last page' }),
});

export const HistoryParams = z.object({ centerId: PathId });
