import { z } from 'zod';
import { Instant, InstantQuery, PathId } from './common.js';

/** Paging shared by the inbox lists (AGT-09), as the call history pages (SUP-04). */
const Paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
};

const Period = {
  from: InstantQuery.optional().meta({
    description: 'Recorded at or after (ISO 8601 with offset)',
  }),
  to: InstantQuery.optional().meta({ description: 'Recorded before (ISO 8601 with offset)' }),
};

export const VoicemailQuery = z.object({
  ...Period,
  queueId: PathId.optional(),
  number: z
    .string()
    .regex(/^\+?\d{1,20}$/, 'digits only')
    .optional()
    .meta({ description: 'Digits contained in the caller’s number' }),
  heard: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Only heard (true) or unheard (false) messages' }),
  ...Paging,
});

export const RecordingQuery = z.object({
  ...Period,
  callId: PathId.optional(),
  agentId: PathId.optional(),
  queueId: PathId.optional(),
  ...Paging,
});

export const VoicemailItem = z.object({
  id: z.string(),
  callId: z.string(),
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  from: z.string().meta({ description: 'The caller’s number' }),
  ourNumber: z.string().meta({ description: 'The center number the caller dialled' }),
  durationMs: z.number().int(),
  recordedAt: Instant,
  heard: z.boolean(),
  heardBy: z.string().nullable().meta({ description: 'User id of who marked it heard' }),
  heardAt: Instant.nullable(),
  audioUrl: z.string().meta({ description: 'The WAV (8 kHz mono), with Range support' }),
});

export const RecordingItem = z.object({
  id: z.string(),
  callId: z.string(),
  kind: z.string(),
  queueId: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  customerNumber: z.string(),
  ourNumber: z.string(),
  durationMs: z.number().int(),
  recordedAt: Instant,
  audioUrl: z.string().meta({ description: 'The WAV (8 kHz mono), with Range support' }),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Null on the last page' }),
  });

export const VoicemailPage = page(VoicemailItem);
export const RecordingPage = page(RecordingItem);

export const InboxIdParams = z.object({ id: PathId });

export const HeardBody = z.object({
  heard: z.boolean().default(true).meta({ description: 'false marks the message unheard again' }),
});

/** What the audio routes answer; the body is the WAV file or the requested part of it. */
export const AudioResponses = {
  200: { description: 'audio/wav', content: { 'audio/wav': { schema: z.string() } } },
  206: {
    description: 'audio/wav: the byte range asked for with `Range: bytes=`',
    content: { 'audio/wav': { schema: z.string() } },
  },
};
