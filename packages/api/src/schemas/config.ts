import { z } from 'zod';
import {
  AGENT_PRESENCES,
  AgentDeviceSchema,
  AgentSettingsSchema,
  CenterSchema,
  QueueSchema,
  type Agent,
  type EngineState,
} from '@tsunagu/domain';
import { IdSchema, Instant, iso } from './common.js';
import { patchSchema, shapeWithout } from './patch.js';

/*
 * Request bodies reuse the engine's own zod schemas (packages/domain/src/model), so the API
 * documents exactly what the engine accepts. Cross-field rules (QCB-17's key clash, references
 * to queues, agents and centers, numbers routed elsewhere) stay in the engine, which answers
 * with their catalogue codes; the routes only check the shape.
 */

const centerShape = CenterSchema.shape;
const queueShape = QueueSchema.shape;
const agentShape = AgentSettingsSchema.shape;

export const CenterCreateBody = z.strictObject({ ...centerShape, id: IdSchema });
export const CenterPutBody = z.strictObject(centerShape).omit({ id: true });
export const CenterPatchBody = patchSchema(shapeWithout(centerShape, 'id'));
export const CENTER_PATCH_SHAPE = shapeWithout(centerShape, 'id');
export const CenterOut = CenterSchema;

export const QueueCreateBody = z.strictObject({ ...queueShape, id: IdSchema });
/** PUT replaces every setting: fields left out take their defaults. */
export const QueuePutBody = z.strictObject(queueShape).omit({ id: true, centerId: true });
export const QueuePatchBody = patchSchema(shapeWithout(queueShape, 'id', 'centerId'));
export const QUEUE_PATCH_SHAPE = shapeWithout(queueShape, 'id', 'centerId');
export const QueueOut = QueueSchema;

export const MembersBody = z.strictObject({
  agentIds: z
    .array(z.string().min(1).max(64))
    .max(10_000)
    .meta({ description: 'Agent ids in routing order: the first is offered first (AGT-02)' }),
});
export const MembersOut = z.object({
  queueId: z.string(),
  members: z.array(z.object({ position: z.number().int(), agentId: z.string(), name: z.string() })),
});

export const AgentCreateBody = z.strictObject({ ...agentShape, id: IdSchema });
export const AgentPutBody = z.strictObject(agentShape).omit({ id: true, centerId: true });
export const AgentPatchBody = patchSchema(shapeWithout(agentShape, 'id', 'centerId'));
export const AGENT_PATCH_SHAPE = shapeWithout(agentShape, 'id', 'centerId');

export const PresenceSchema = z.enum(AGENT_PRESENCES);

/** An agent's settings and what they are doing now. */
export const AgentOut = z.object({
  id: z.string(),
  centerId: z.string(),
  name: z.string(),
  skills: z.record(z.string(), z.number()),
  device: AgentDeviceSchema,
  presence: PresenceSchema,
  reason: z.string().nullable(),
  since: Instant,
  callId: z.string().nullable(),
  offerId: z.string().nullable(),
  lastCallId: z.string().nullable(),
  lastCallerId: z.string().nullable(),
  queues: z.array(z.string()).meta({ description: 'Queues the agent is a member of' }),
});
export type AgentView = z.infer<typeof AgentOut>;

export function agentView(s: EngineState, a: Agent): AgentView {
  return {
    id: a.id,
    centerId: a.centerId,
    name: a.name,
    skills: { ...a.skills },
    device: a.device,
    presence: a.presence,
    reason: a.reason,
    since: iso(a.since),
    callId: a.callId,
    offerId: a.offerId,
    lastCallId: a.lastCallId,
    lastCallerId: a.lastCallerId,
    queues: [...(s.agentQueues.get(a.id) ?? [])],
  };
}
