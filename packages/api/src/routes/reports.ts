import {
  callbackReportOf,
  newCallbackTally,
  newServiceLevelTally,
  serviceLevelOf,
  tallyCallback,
  tallyServiceLevel,
  type CallbackFigures,
} from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { TAGS, errorResponses } from '../schemas/common.js';
import {
  CallbackReportOut,
  PeriodQuery,
  ReportParams,
  ServiceLevelOut,
  ServiceLevelQuery,
} from '../schemas/reports.js';
import { eventsInWindow } from '../queries/events.js';
import { queuesOf } from './views.js';
import { SUPERVISORS, centerFromPath } from './resolve.js';

const MAX_PERIOD_MS = 400 * 86_400_000;

function period(q: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (from >= to || to.getTime() - from.getTime() > MAX_PERIOD_MS) {
    throw new ApiError('CC_ERR_VALIDATION', {
      issues: [{ path: 'to', message: 'the period must end after it starts, within 400 days' }],
    });
  }
  return { from, to };
}

function callbackFigures(f: CallbackFigures) {
  return {
    queueId: f.queueId,
    requestCalls: f.requestCalls,
    callbackCalls: f.callbackCalls,
    requested: f.requested,
    completed: f.completed,
    outcomes: {
      connected: f.outcomes.connected,
      noAnswerOrDeclined: f.outcomes['no-answer-or-declined'],
      acceptedNotConnected: f.outcomes['accepted-not-connected'],
      noCallback: f.outcomes['no-callback'],
    },
  };
}

export const SERVICE_LEVEL_FORMULA =
  'withinThreshold / (answered + abandoned - shortAbandoned + callbacksCompleted)';

/**
 * Reports over a period, folded from the stored domain events with the domain's reducers
 * (packages/domain/src/reports): the callback report by outcome (QCB-14) and the service level
 * (QCB-15). An event counts when it happened in the period: a callback requested on the last
 * day and completed the next counts as requested in one period and completed in the next.
 */
export function reportRoutes(app: TypedApi, deps: ApiDeps): void {
  const guard = { roles: SUPERVISORS, center: centerFromPath };

  app.get(
    '/api/v1/centers/:centerId/reports/callbacks',
    {
      config: { guard },
      schema: {
        tags: [TAGS.reports],
        summary:
          'Callback report: request calls, callback calls and the four outcomes, per queue (QCB-14) / コールバックレポート',
        params: ReportParams,
        querystring: PeriodQuery,
        response: { 200: CallbackReportOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { from, to } = period(request.query);
      const queues = queuesOf(deps.engine.state, request.params.centerId, request.query.queueId);
      const tally = newCallbackTally();
      const events = eventsInWindow(deps.db, {
        queueIds: queues.map((q) => q.id),
        types: ['call.created', 'call.ended', 'callback.requested', 'callback.completed'],
        from,
        to,
      });
      for await (const event of events) tallyCallback(tally, event);
      const report = callbackReportOf(tally);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        overall: callbackFigures(report.overall),
        queues: report.queues.map(callbackFigures),
      };
    },
  );

  app.get(
    '/api/v1/centers/:centerId/reports/service-level',
    {
      config: { guard },
      schema: {
        tags: [TAGS.reports],
        summary:
          'Service level per queue; callbacks are not abandons but count against it when late (QCB-15) / サービスレベル',
        params: ReportParams,
        querystring: ServiceLevelQuery,
        response: { 200: ServiceLevelOut, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { from, to } = period(request.query);
      const queues = queuesOf(deps.engine.state, request.params.centerId, request.query.queueId);
      // Each queue's threshold as configured now (a changed threshold applies to past periods).
      const tally = newServiceLevelTally({
        thresholds: new Map(queues.map((q) => [q.id, q.serviceLevelSec])),
        shortAbandonSec: request.query.shortAbandonSec,
      });
      const events = eventsInWindow(deps.db, {
        queueIds: queues.map((q) => q.id),
        types: ['queue.joined', 'queue.left', 'callback.requested', 'callback.completed'],
        from,
        to,
      });
      for await (const event of events) tallyServiceLevel(tally, event);
      const report = serviceLevelOf(tally);
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        formula: SERVICE_LEVEL_FORMULA,
        overall: report.overall,
        queues: [...report.queues],
      };
    },
  );
}
