import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'time must be HH:MM');

/** One opening window in the center's own time zone; `day` 0 = Sunday (HQ-06). */
export const OpeningWindowSchema = z
  .object({ day: z.number().int().min(0).max(6), open: hhmm, close: hhmm })
  .refine((w) => w.open < w.close, { message: 'open must be before close' });

export const BusinessHoursSchema = z.object({
  alwaysOpen: z.boolean().default(false),
  weekly: z.array(OpeningWindowSchema).max(70).default([]),
  /** Whole days closed (holidays), as YYYY-MM-DD in the center's time zone. */
  closedDates: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .max(1000)
    .default([]),
});
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

export const CallerIdSchema = z.object({
  number: z.string().regex(/^\+?\d{3,20}$/),
  label: z.string().max(100).default(''),
});
export type CallerIdNumber = z.infer<typeof CallerIdSchema>;

export const DispositionSchema = z.object({
  id: z.string().min(1).max(64),
  label: z.string().min(1).max(100),
  labelJa: z.string().max(100).optional(),
});
export type Disposition = z.infer<typeof DispositionSchema>;

export const CenterSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  /** ISO 3166-1 alpha-2: callbacks go only to numbers of this country (QCB-11). */
  country: z.string().regex(/^[A-Z]{2}$/),
  timeZone: z.string().min(1).max(64),
  language: z.enum(['ja', 'en']).default('ja'),
  businessHours: BusinessHoursSchema.default({ alwaysOpen: true, weekly: [], closedDates: [] }),
  callerIds: z.array(CallerIdSchema).max(1000).default([]),
  dispositions: z.array(DispositionSchema).max(500).default([]),
  /** Defaults for outbound and queue-less calls; queues override them. */
  wrapUpSec: z.number().int().min(0).max(3600).default(0),
  afterCallStatus: z.enum(['available', 'busy']).default('available'),
});
export type Center = z.infer<typeof CenterSchema>;
export type CenterInput = z.input<typeof CenterSchema>;
