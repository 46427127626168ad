import type { DestinationStream, Level, Logger, LevelWithSilent } from 'pino';
import { pino } from 'pino';
import type { Api } from '@tsunagu/api';
import type { DomainEvent, DomainEventType, EngineState } from '@tsunagu/domain';
import type { EventSink } from '../runtime/engine-runner.js';

/**
 * Structured logs (JSON lines, pino). The rule: every line about a call carries `callId` as a
 * top-level field, so `jq 'select(.callId == "call-42")'` gives a call's whole story —
 * committed engine events, the API requests that acted on it, and their errors.
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'tsunagu' },
    // Fastify logs "incoming request" before any hook can bind the call id; read it from the
    // route parameters the line carries (req, or res.request for "request completed").
    mixin: (merge: object, _level: number, logger: Logger) => {
      if (logger.bindings().callId !== undefined) return {};
      const m = merge as { req?: { params?: unknown }; res?: { request?: { params?: unknown } } };
      const callId = callIdParam(m.req?.params ?? m.res?.request?.params);
      return callId === null ? {} : { callId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

function callIdParam(params: unknown): string | null {
  const callId = (params as { callId?: unknown } | undefined)?.callId;
  return typeof callId === 'string' ? callId : null;
}

/**
 * API requests that act on a call (a `:callId` in the path, or an offer, which names its call)
 * log through a child logger bound to that call: the handler's lines, its errors and Fastify's
 * "request completed" all carry `callId`.
 */
export function bindCallIdsToRequests(app: Api, state: EngineState): void {
  app.addHook('onRequest', async (request, reply) => {
    const params = request.params as { offerId?: unknown } | undefined;
    const offerId = typeof params?.offerId === 'string' ? params.offerId : null;
    const callId =
      callIdParam(params) ??
      (offerId === null ? null : (state.offers.get(offerId)?.callId ?? null));
    if (callId === null) return;
    request.log = request.log.child({ callId });
    reply.log = request.log;
  });
}

/** Events worth a line at info; the rest (legs, offers, announcements, queue moves) are debug. */
const INFO: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
  'call.created',
  'call.connected',
  'call.ended',
  'call.disposition-set',
  'offer.missed',
  'agent.status-changed',
  'callback.requested',
  'callback.refused',
  'callback.restored',
  'callback.completed',
  'voicemail.recorded',
]);

/**
 * Logs each committed event as one line: the event's own fields at the top level (callId,
 * agentId, queueId, callbackId, reason, ...), its type as the message, and the id it was
 * stored under. A callback request names the call that asked for it as `requestCallId`; its
 * line also gets that id as `callId`.
 */
export function eventLogSink(logger: Logger): EventSink {
  const log = logger.child({ component: 'engine' });
  return (events, _input, ids) => {
    events.forEach((event, i) => {
      const level: Level = INFO.has(event.type) ? 'info' : 'debug';
      if (!log.isLevelEnabled(level)) return;
      log[level](eventFields(event, ids[i]), event.type);
    });
  };
}

export function eventFields(event: DomainEvent, eventId: number | undefined): object {
  const { at: _at, type: _type, ...fields } = event as DomainEvent & Record<string, unknown>;
  const requestCallId = (fields as { requestCallId?: unknown }).requestCallId;
  const callId =
    typeof requestCallId === 'string' && !('callId' in fields) ? { callId: requestCallId } : {};
  return { eventId, ...fields, ...callId };
}
