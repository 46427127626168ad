import { z } from 'zod';
import { DomainError } from '../errors.js';

export const DigitSchema = z.enum(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']);
export type Digit = z.infer<typeof DigitSchema>;

/** Where a caller goes when the queue cannot keep them (HQ-04) or is closed (HQ-06). */
export const RouteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('voicemail') }),
  z.object({ kind: z.literal('queue'), queueId: z.string().min(1) }),
  z.object({ kind: z.literal('external'), number: z.string().regex(/^\+?\d{3,20}$/) }),
  z.object({ kind: z.literal('hangup') }),
]);
export type Route = z.infer<typeof RouteSchema>;

export const RoutingStrategySchema = z.enum(['ordered', 'longest-idle', 'round-robin', 'skills']);
export type RoutingStrategy = z.infer<typeof RoutingStrategySchema>;

export const CallbackSettingsSchema = z.object({
  /** QCB-01: callers may request a callback when `minWaiting` or more are waiting. */
  enabled: z.boolean().default(false),
  minWaiting: z.number().int().min(1).max(10_000).default(1),
  key: DigitSchema.default('1'),
  /** QCB-05 customer-first (default) or QCB-06 agent-first. */
  mode: z.enum(['customer-first', 'agent-first']).default('customer-first'),
  /** QCB-08 / BEY-02: the seed never retries; ours may, default off. */
  retry: z
    .object({
      maxAttempts: z.number().int().min(0).max(10).default(0),
      intervalSec: z.number().int().min(10).max(86_400).default(300),
    })
    .default({ maxAttempts: 0, intervalSec: 300 }),
  /** QCB-03: "press 2 to give another number". */
  allowOtherNumber: z.boolean().default(true),
  /** BEY-02: "press 3 to choose a time". */
  allowScheduled: z.boolean().default(false),
  dialTimeoutSec: z.number().int().min(5).max(120).default(30),
});
export type CallbackSettings = z.infer<typeof CallbackSettingsSchema>;

export const QueueSchema = z
  .object({
    id: z.string().min(1).max(64),
    centerId: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    /** Dialled numbers (DIDs) that land in this queue. */
    numbers: z
      .array(z.string().regex(/^\+?\d{2,20}$/))
      .max(100)
      .default([]),
    strategy: RoutingStrategySchema.default('ordered'),
    /** Members in the admin's routing order (AGT-02). */
    members: z.array(z.string().min(1)).max(10_000).default([]),
    requiredSkills: z.array(z.string().min(1).max(64)).max(50).default([]),
    /** BEY-03: higher priority queues are served first across an agent's queues. */
    priority: z.number().int().min(-10).max(10).default(0),
    /** HQ-02: send callers to the hold queue when agents are busy (else: fallback). */
    queueWhenBusy: z.boolean().default(true),
    /** HQ-02: keep waiting after business hours close (else: the after-hours route). */
    keepWaitingAfterHours: z.boolean().default(false),
    /** HQ-02, HQ-03, BEY-01. */
    announcePosition: z.boolean().default(true),
    announceEstimatedWait: z.boolean().default(true),
    announceIntervalSec: z.number().int().min(10).max(3600).default(60),
    /** HQ-04. */
    maxWaitSec: z.number().int().min(10).max(86_400).default(1800),
    maxSize: z.number().int().min(1).max(100_000).default(100),
    fallback: RouteSchema.default({ kind: 'voicemail' }),
    afterHours: RouteSchema.default({ kind: 'hangup' }),
    /** HQ-02: a key to leave the queue and leave voicemail; null when not offered. */
    voicemailKey: DigitSchema.nullable().default(null),
    callback: CallbackSettingsSchema.default(() => CallbackSettingsSchema.parse({})),
    /** AGT-03: seed 001 sets the agent off duty; seed 004 keeps them ready. */
    ringTimeoutSec: z.number().int().min(5).max(300).default(20),
    ringTimeoutPolicy: z.enum(['agent-off-duty', 'keep-ready']).default('agent-off-duty'),
    /** AGT-06 and CTI-09. */
    wrapUpSec: z.number().int().min(0).max(3600).default(0),
    afterCallStatus: z.enum(['available', 'busy']).default('available'),
    /** QCB-15: answered within this many seconds counts toward the service level. */
    serviceLevelSec: z.number().int().min(1).max(3600).default(20),
    /** Caller ID shown on callbacks and fallback forwards; one of the center's numbers. */
    callerId: z
      .string()
      .regex(/^\+?\d{3,20}$/)
      .nullable()
      .default(null),
    recording: z.enum(['off', 'auto']).default('off'),
    agentsMayPauseRecording: z.boolean().default(false),
  })
  .superRefine((q, ctx) => {
    if (q.callback.enabled && q.voicemailKey !== null && q.voicemailKey === q.callback.key) {
      ctx.addIssue({ code: 'custom', path: ['voicemailKey'], message: 'CC_ERR_KEY_CLASH' });
    }
    if (q.fallback.kind === 'queue' && q.fallback.queueId === q.id) {
      ctx.addIssue({
        code: 'custom',
        path: ['fallback'],
        message: 'a queue cannot fall back to itself',
      });
    }
  });
export type Queue = z.infer<typeof QueueSchema>;
export type QueueInput = z.input<typeof QueueSchema>;

/**
 * Parses admin input into a queue, or throws the catalogue error that names the first problem.
 * QCB-17 is checked whether or not the callback is enabled when the keys are both set, so a
 * later "enable" can never produce a clash.
 */
export function parseQueue(input: unknown): Queue {
  const parsed = QueueSchema.safeParse(input);
  if (!parsed.success) {
    const clash = parsed.error.issues.find((i) => i.message === 'CC_ERR_KEY_CLASH');
    if (clash) throw new DomainError('CC_ERR_KEY_CLASH', { path: clash.path.join('.') });
    throw new DomainError('CC_ERR_VALIDATION', { issues: summarize(parsed.error.issues) });
  }
  const q = parsed.data;
  if (q.voicemailKey !== null && q.voicemailKey === q.callback.key) {
    throw new DomainError('CC_ERR_KEY_CLASH', { path: 'voicemailKey' });
  }
  return q;
}

export function summarize(
  issues: readonly z.core.$ZodIssue[],
): { path: string; message: string }[] {
  return issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
}
