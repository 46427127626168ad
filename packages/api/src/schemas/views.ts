import { z } from 'zod';
import type { Call } from '@tsunagu/domain';
import { Instant } from './common.js';
import { PresenceSchema } from './config.js';

/** 'transfer': the customer's next call after a transfer (AGT-07), like a callback's second call. */
export const CallKindSchema = z.enum(['inbound', 'callback', 'outbound', 'transfer']);

const CallStateSchema = z.enum([
  'arriving',
  'routing',
  'queued',
  'menu',
  'voicemail',
  'dialing',
  'talking',
  'held',
  'ended',
]);

const CallbackStateSchema = z.enum([
  'scheduled',
  'pending',
  'offering-agent',
  'dialing-customer',
  'awaiting-confirmation',
  'waiting-agent',
  'retry-wait',
  'completed',
]);

/** One place in a queue's line: a caller on the line or a callback request (HQ-05). */
export const WaitingEntryOut = z.object({
  entryId: z.string(),
  position: z
    .number()
    .int()
    .meta({ description: 'The place a caller is told (callbacks waiting to retry not counted)' }),
  kind: z.enum(['call', 'callback']),
  callId: z.string().nullable(),
  callbackId: z.string().nullable(),
  customerNumber: z.string(),
  ourNumber: z.string().nullable(),
  firstJoinedAt: Instant,
  waitMs: z.number().int().meta({ description: 'Wait so far, from the first join' }),
  estimatedWaitMs: z.number().int().nullable().meta({ description: 'BEY-01; null when unstaffed' }),
  state: z.union([CallStateSchema, CallbackStateSchema]),
  onHold: z.boolean().meta({ description: 'False while the first agent is still being rung' }),
  offeredTo: z.string().nullable().meta({ description: 'The agent being offered it now' }),
});

export const HoldQueueOut = z.object({
  at: Instant,
  queues: z.array(
    z.object({
      queueId: z.string(),
      name: z.string(),
      waiting: z.number().int(),
      callbacks: z.number().int(),
      longestWaitMs: z.number().int().nullable(),
      entries: z.array(WaitingEntryOut),
    }),
  ),
});

/** AGT-04: the call's recording banner: recorded, stopped for now by the agent, or not recorded. */
export const RecordingStatus = z.enum(['on', 'paused', 'off']).meta({
  description: 'Call recording: on, paused by the agent, or off / 通話録音：録音中・停止中・なし',
});

export function recordingStatus(call: Call): z.infer<typeof RecordingStatus> {
  if (call.callRecording === null) return 'off';
  return call.callRecording.paused ? 'paused' : 'on';
}

export const LiveCallOut = z.object({
  callId: z.string(),
  kind: CallKindSchema,
  state: CallStateSchema,
  queueId: z.string().nullable(),
  agentId: z.string().nullable(),
  customerNumber: z.string(),
  ourNumber: z.string(),
  since: Instant,
  connectedAt: Instant.nullable(),
  callbackId: z.string().nullable(),
  durationMs: z.number().int(),
  recording: RecordingStatus,
});

export const LiveCallsOut = z.object({ at: Instant, items: z.array(LiveCallOut) });

export const AgentStatusOut = z.object({
  agentId: z.string(),
  name: z.string(),
  presence: PresenceSchema,
  reason: z.string().nullable(),
  since: Instant,
  inStateMs: z.number().int(),
  callId: z.string().nullable(),
  customerNumber: z.string().nullable(),
  /** The current call's recording, 'off' without a call. */
  recording: RecordingStatus,
  offerId: z.string().nullable(),
  queues: z.array(z.string()),
});

export const AgentStatusesOut = z.object({ at: Instant, items: z.array(AgentStatusOut) });
