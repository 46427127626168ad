import { z } from 'zod';
import {
  estimatedWaitOf,
  positionOf,
  type EngineState,
  type Queue,
  type QueueEntry,
} from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { canUseCallerId, type Principal } from '../principal.js';
import { PathId, TAGS, errorResponses, iso, isoOrNull } from '../schemas/common.js';
import {
  AgentStatusesOut,
  HoldQueueOut,
  LiveCallsOut,
  recordingStatus,
  type WaitingEntryOut,
} from '../schemas/views.js';
import { SUPERVISORS, centerFromPath } from './resolve.js';

const Params = z.object({ centerId: PathId });
const Query = z.object({ queueId: PathId.optional() });

/** The center's queues, or the one asked for, which must be the center's. */
export function queuesOf(s: EngineState, centerId: string, queueId?: string): Queue[] {
  if (queueId !== undefined) {
    const queue = s.queues.get(queueId);
    if (!queue || queue.centerId !== centerId)
      throw new ApiError('CC_ERR_QUEUE_NOT_FOUND', { queueId });
    return [queue];
  }
  return [...s.queues.values()]
    .filter((q) => q.centerId === centerId)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** SUP-02: a principal limited to some caller IDs sees only the calls on those numbers. */
const seesNumber = (p: Principal, ourNumber: string | null) =>
  ourNumber === null || canUseCallerId(p, ourNumber);

type Entry = z.infer<typeof WaitingEntryOut>;

function waitingEntry(s: EngineState, queue: Queue, e: QueueEntry, now: number): Entry | null {
  const call = e.callId === null ? undefined : s.calls.get(e.callId);
  const cb = e.callbackId === null ? undefined : s.callbacks.get(e.callbackId);
  if (!call && !cb) return null;
  const position = positionOf(s, e);
  return {
    entryId: e.id,
    position,
    kind: cb ? 'callback' : 'call',
    callId: e.callId,
    callbackId: e.callbackId,
    customerNumber: cb ? cb.number : call!.customerNumber,
    ourNumber: cb ? cb.callerId : call!.ourNumber,
    firstJoinedAt: iso(e.firstJoinedAt),
    waitMs: Math.max(0, now - e.firstJoinedAt),
    // The same figure the caller is told (BEY-01).
    estimatedWaitMs: estimatedWaitOf(s, e),
    state: cb ? cb.state : call!.state,
    onHold: e.onHold,
    offeredTo: e.offerId === null ? null : (s.offers.get(e.offerId)?.agentId ?? null),
  };
}

/**
 * Supervisor views, computed from the engine's live state (AGT-09, SUP-01): the hold queue with
 * waiting callers and callback requests at their places (HQ-05), live calls, and agents with
 * their status. Poll them, or follow the live event stream and re-read on change.
 */
export function viewRoutes(app: TypedApi, deps: ApiDeps): void {
  const guard = { roles: SUPERVISORS, center: centerFromPath };

  app.get(
    '/api/v1/centers/:centerId/hold-queue',
    {
      config: { guard },
      schema: {
        tags: [TAGS.views],
        summary:
          'Hold queue: waiting calls and callback requests with place and wait (HQ-05) / 待ち呼とコールバック予約の一覧',
        params: Params,
        querystring: Query,
        response: { 200: HoldQueueOut, ...errorResponses(404) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const s = deps.engine.state;
      const now = deps.engine.now();
      const queues = queuesOf(s, request.params.centerId, request.query.queueId).map((queue) => {
        const line = s.lines.get(queue.id) ?? [];
        const entries = line
          .map((e) => waitingEntry(s, queue, e, now))
          .filter((e): e is Entry => e !== null && seesNumber(principal, e.ourNumber));
        return {
          queueId: queue.id,
          name: queue.name,
          waiting: entries.filter((e) => e.kind === 'call').length,
          callbacks: entries.filter((e) => e.kind === 'callback').length,
          longestWaitMs: entries.length === 0 ? null : Math.max(...entries.map((e) => e.waitMs)),
          entries,
        };
      });
      return { at: iso(now), queues };
    },
  );

  app.get(
    '/api/v1/centers/:centerId/live-calls',
    {
      config: { guard },
      schema: {
        tags: [TAGS.views],
        summary: 'Calls in progress: state, queue, agent, customer (SUP-01) / 通話中の一覧',
        params: Params,
        querystring: Query,
        response: { 200: LiveCallsOut, ...errorResponses(404) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const s = deps.engine.state;
      const now = deps.engine.now();
      const { centerId } = request.params;
      const { queueId } = request.query;
      if (queueId !== undefined) queuesOf(s, centerId, queueId);
      const items = [...s.calls.values()]
        .filter(
          (c) =>
            c.centerId === centerId &&
            c.state !== 'ended' &&
            (queueId === undefined || c.queueId === queueId) &&
            seesNumber(principal, c.ourNumber),
        )
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
        .map((c) => ({
          callId: c.id,
          kind: c.kind,
          state: c.state,
          queueId: c.queueId,
          agentId: c.agentId,
          customerNumber: c.customerNumber,
          ourNumber: c.ourNumber,
          since: iso(c.createdAt),
          connectedAt: isoOrNull(c.connectedAt),
          callbackId: c.callbackId,
          durationMs: Math.max(0, now - c.createdAt),
          recording: recordingStatus(c),
        }));
      return { at: iso(now), items };
    },
  );

  app.get(
    '/api/v1/centers/:centerId/agent-status',
    {
      config: { guard },
      schema: {
        tags: [TAGS.views],
        summary:
          'Agents and their status, reason, time in state and current call (AGT-01) / エージェントの状態一覧',
        params: Params,
        querystring: Query,
        response: { 200: AgentStatusesOut, ...errorResponses(404) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const s = deps.engine.state;
      const now = deps.engine.now();
      const { centerId } = request.params;
      const { queueId } = request.query;
      const customerOf = (callId: string | null) => {
        const call = callId === null ? undefined : s.calls.get(callId);
        return call && seesNumber(principal, call.ourNumber) ? call.customerNumber : null;
      };
      const callRecordingOf = (callId: string | null) => {
        const call = callId === null ? undefined : s.calls.get(callId);
        return call ? recordingStatus(call) : 'off';
      };
      const members =
        queueId === undefined ? null : new Set(queuesOf(s, centerId, queueId)[0]!.members);
      const items = [...s.agents.values()]
        .filter((a) => a.centerId === centerId && (members === null || members.has(a.id)))
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((a) => ({
          agentId: a.id,
          name: a.name,
          presence: a.presence,
          reason: a.reason,
          since: iso(a.since),
          inStateMs: Math.max(0, now - a.since),
          callId: a.callId,
          customerNumber: customerOf(a.callId),
          recording: callRecordingOf(a.callId),
          offerId: a.offerId,
          queues: [...(s.agentQueues.get(a.id) ?? [])],
        }));
      return { at: iso(now), items };
    },
  );
}
