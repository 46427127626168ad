import { z } from 'zod';
import { Instant, InstantQuery, PathId } from './common.js';

export const ReportParams = z.object({ centerId: PathId });

export const PeriodQuery = z.object({
  from: InstantQuery.meta({ description: 'Period start, inclusive (ISO 8601 with offset)' }),
  to: InstantQuery.meta({ description: 'Period end, exclusive' }),
  queueId: PathId.optional(),
});

export const ServiceLevelQuery = PeriodQuery.extend({
  shortAbandonSec: z.coerce
    .number()
    .int()
    .min(0)
    .max(600)
    .default(5)
    .meta({ description: 'Callers who hang up sooner are not counted against the service level' }),
});

const CallbackFigures = z.object({
  queueId: z.string().nullable().meta({ description: 'Null for the overall row' }),
  requestCalls: z.number().int().meta({ description: 'Inbound calls that booked a callback' }),
  callbackCalls: z
    .number()
    .int()
    .meta({ description: 'Outbound calls placed for callbacks (every attempt)' }),
  requested: z.number().int(),
  completed: z.number().int(),
  outcomes: z.object({
    connected: z.number().int().meta({ description: 'Connected to an agent' }),
    noAnswerOrDeclined: z.number().int().meta({ description: 'No answer, or declined by caller' }),
    acceptedNotConnected: z.number().int().meta({ description: 'Caller accepted, not connected' }),
    noCallback: z.number().int().meta({ description: 'No callback placed (expired, cancelled)' }),
  }),
});

export const CallbackReportOut = z.object({
  from: Instant,
  to: Instant,
  overall: CallbackFigures,
  queues: z.array(CallbackFigures),
});

const ServiceLevelFigures = z.object({
  queueId: z.string().nullable(),
  serviceLevelSec: z.number().nullable(),
  offered: z.number().int(),
  answered: z.number().int(),
  answeredWithinThreshold: z.number().int(),
  abandoned: z.number().int(),
  shortAbandoned: z.number().int(),
  callbacksRequested: z.number().int(),
  callbacksCompleted: z.number().int(),
  callbacksConnected: z.number().int(),
  callbacksWithinThreshold: z.number().int(),
  otherExits: z.number().int(),
  withinThreshold: z.number().int(),
  serviceLevelBase: z.number().int(),
  serviceLevel: z.number().nullable().meta({ description: '0..1; null when nothing concluded' }),
  averageSpeedOfAnswerSec: z.number().nullable(),
  abandonmentRate: z.number().nullable(),
});

export const ServiceLevelOut = z.object({
  from: Instant,
  to: Instant,
  formula: z.string(),
  overall: ServiceLevelFigures,
  queues: z.array(ServiceLevelFigures),
});
