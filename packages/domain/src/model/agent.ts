import { z } from 'zod';
import type { AgentPresence } from '../machines/agent-presence.js';

/** How the agent's voice reaches us: browser softphone, SIP phone, or an outside number. */
export const AgentDeviceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('browser') }),
  z.object({ kind: z.literal('sip'), aor: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('external'), number: z.string().regex(/^\+?\d{9,30}$/) }),
]);
export type AgentDevice = z.infer<typeof AgentDeviceSchema>;

export const AgentSettingsSchema = z.object({
  id: z.string().min(1).max(64),
  centerId: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  /** BEY-03: skill name to level 1..10. */
  skills: z.record(z.string().min(1).max(64), z.number().int().min(1).max(10)).default({}),
  device: AgentDeviceSchema.default({ kind: 'browser' }),
});
export type AgentSettings = z.infer<typeof AgentSettingsSchema>;
export type AgentSettingsInput = z.input<typeof AgentSettingsSchema>;

/** An agent as the engine tracks them: settings plus live presence. */
export interface Agent extends AgentSettings {
  presence: AgentPresence;
  reason: string | null;
  since: number;
  /** The one call this agent is on (an agent never has two). */
  callId: string | null;
  offerId: string | null;
  /** A customer-first callback being dialled against this free agent (fairness rule). */
  reservedFor: string | null;
  /** For longest-idle routing: when the agent last became available. */
  idleSince: number;
  /** Bumped on every wrap-up so a stale wrap-up timer is recognised. */
  wrapUpSeq: number;
  /** AGT-05: the caller ID chosen last time, offered first next time. */
  lastCallerId: string | null;
  /** The last call, for a disposition set during wrap-up. */
  lastCallId: string | null;
  /** Where to return after wrap-up (the call's queue setting, CTI-09). */
  afterCallStatus: 'available' | 'busy';
}
