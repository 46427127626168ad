import { CenterSchema } from '../model/center.js';
import { AgentSettingsSchema, type Agent } from '../model/agent.js';
import { parseQueue, summarize, type Queue } from '../model/queue.js';
import { DomainError } from '../errors.js';
import { isValidTimeZone } from '../policy/business-hours.js';
import type { Ctx } from './context.js';
import { isStaffed } from './transitions.js';

/** Admin configuration. Every check runs before anything changes: bad input changes nothing. */
export function onCenterUpsert(ctx: Ctx, input: unknown): void {
  const parsed = CenterSchema.safeParse(input);
  if (!parsed.success)
    throw new DomainError('CC_ERR_VALIDATION', { issues: summarize(parsed.error.issues) });
  const center = parsed.data;
  if (!isValidTimeZone(center.timeZone)) {
    throw new DomainError('CC_ERR_VALIDATION', {
      issues: [{ path: 'timeZone', message: 'unknown time zone' }],
    });
  }
  ctx.s.centers.set(center.id, center);
  ctx.emit({ type: 'config.center-changed', centerId: center.id });
}

/** QCB-01: queue settings apply at once, also to callers already waiting. */
export function onQueueUpsert(ctx: Ctx, input: unknown): void {
  const queue = parseQueue(input);
  const s = ctx.s;
  const center = s.centers.get(queue.centerId);
  if (!center) throw new DomainError('CC_ERR_REFERENCE_INVALID', { centerId: queue.centerId });
  // Callbacks and forwards show this number (QCB-04): it must be one of the center's own.
  if (queue.callerId !== null && !center.callerIds.some((c) => c.number === queue.callerId)) {
    throw new DomainError('CC_ERR_REFERENCE_INVALID', { callerId: queue.callerId });
  }
  for (const agentId of queue.members) {
    const agent = s.agents.get(agentId);
    if (!agent || agent.centerId !== queue.centerId)
      throw new DomainError('CC_ERR_REFERENCE_INVALID', { agentId });
  }
  if (new Set(queue.members).size !== queue.members.length) {
    throw new DomainError('CC_ERR_VALIDATION', {
      issues: [{ path: 'members', message: 'duplicate member' }],
    });
  }
  for (const route of [queue.fallback, queue.afterHours]) {
    if (route.kind === 'queue' && !s.queues.has(route.queueId)) {
      throw new DomainError('CC_ERR_REFERENCE_INVALID', { queueId: route.queueId });
    }
  }
  for (const number of queue.numbers) {
    const owner = s.numberToQueue.get(number);
    if (owner !== undefined && owner !== queue.id) {
      throw new DomainError('CC_ERR_VALIDATION', {
        issues: [{ path: 'numbers', message: `${number} is routed to ${owner}` }],
      });
    }
  }
  const previous = s.queues.get(queue.id);
  if (previous && previous.centerId !== queue.centerId) {
    throw new DomainError('CC_ERR_VALIDATION', {
      issues: [{ path: 'centerId', message: 'a queue cannot move' }],
    });
  }
  if (previous) for (const n of previous.numbers) s.numberToQueue.delete(n);
  for (const n of queue.numbers) s.numberToQueue.set(n, queue.id);
  s.queues.set(queue.id, queue);
  reindexMembership(ctx, previous, queue);
  ctx.emit({ type: 'config.queue-changed', queueId: queue.id });
  ctx.needsDispatch = true;
}

function reindexMembership(ctx: Ctx, previous: Queue | undefined, queue: Queue): void {
  const index = ctx.s.agentQueues;
  for (const agentId of previous?.members ?? []) {
    index.set(
      agentId,
      (index.get(agentId) ?? []).filter((q) => q !== queue.id),
    );
  }
  const positions = new Map<string, number>();
  let staffed = 0;
  queue.members.forEach((agentId, i) => {
    const list = index.get(agentId) ?? [];
    if (!list.includes(queue.id)) list.push(queue.id);
    index.set(agentId, list);
    positions.set(agentId, i);
    const agent = ctx.s.agents.get(agentId);
    if (agent && isStaffed(agent.presence)) staffed += 1;
  });
  ctx.s.memberIndex.set(queue.id, positions);
  ctx.s.staffed.set(queue.id, staffed);
}

export function onAgentUpsert(ctx: Ctx, input: unknown): void {
  const parsed = AgentSettingsSchema.safeParse(input);
  if (!parsed.success)
    throw new DomainError('CC_ERR_VALIDATION', { issues: summarize(parsed.error.issues) });
  const settings = parsed.data;
  if (!ctx.s.centers.has(settings.centerId)) {
    throw new DomainError('CC_ERR_REFERENCE_INVALID', { centerId: settings.centerId });
  }
  const existing = ctx.s.agents.get(settings.id);
  if (existing) {
    if (existing.centerId !== settings.centerId) {
      throw new DomainError('CC_ERR_VALIDATION', {
        issues: [{ path: 'centerId', message: 'an agent cannot move' }],
      });
    }
    Object.assign(existing, settings);
  } else {
    const agent: Agent = {
      ...settings,
      presence: 'logged-out',
      reason: null,
      since: ctx.now,
      callId: null,
      offerId: null,
      reservedFor: null,
      idleSince: ctx.now,
      wrapUpSeq: 0,
      lastCallerId: null,
      lastCallId: null,
      afterCallStatus: 'available',
    };
    ctx.s.agents.set(agent.id, agent);
  }
  ctx.emit({ type: 'config.agent-changed', agentId: settings.id });
  ctx.needsDispatch = true;
}
