import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Center, EngineState } from '@tsunagu/domain';
import type { FastifyRequest } from 'fastify';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { TAGS, errorResponses } from '../schemas/common.js';
import {
  CsvQuery,
  HistoryPage,
  HistoryParams,
  HistoryQuery,
  type HistorySearch,
} from '../schemas/history.js';
import { UTF8_BOM, csvLine, localDateTime } from '../queries/csv.js';
import type { CallKindSchema } from '../schemas/views.js';
import {
  allCalls,
  decodeCursor,
  encodeCursor,
  searchCalls,
  type CallRow,
  type HistoryFilter,
} from '../queries/history.js';
import { centerNow } from './centers.js';
import { SUPERVISORS, centerFromPath } from './resolve.js';

function filterOf(
  request: FastifyRequest,
  centerId: string,
  q: z.infer<typeof HistorySearch>,
): HistoryFilter {
  const from = q.from === undefined ? undefined : new Date(q.from);
  const to = q.to === undefined ? undefined : new Date(q.to);
  if (from && to && from >= to)
    throw new ApiError('CC_ERR_VALIDATION', {
      issues: [{ path: 'to', message: 'to must be after from' }],
    });
  return {
    centerId,
    from,
    to,
    queueId: q.queueId,
    agentId: q.agentId,
    number: q.number,
    kind: q.kind,
    endReason: q.endReason,
    callerIds: requirePrincipal(request).callerIds,
  };
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

function item(s: EngineState, row: CallRow) {
  const connected = ms(row.connected_at);
  const ended = ms(row.ended_at);
  return {
    callId: row.id,
    kind: row.kind as z.infer<typeof CallKindSchema>,
    state: row.state,
    queueId: row.queue_id,
    queueName: row.queue_id === null ? null : (s.queues.get(row.queue_id)?.name ?? null),
    agentId: row.agent_id,
    agentName: row.agent_id === null ? null : (s.agents.get(row.agent_id)?.name ?? null),
    customerNumber: row.customer_number,
    ourNumber: row.our_number,
    createdAt: row.created_at.toISOString(),
    connectedAt: row.connected_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    waitMs: row.wait_ms,
    talkMs: connected !== null && ended !== null ? ended - connected : null,
    endReason: row.end_reason,
    dispositionId: row.disposition_id,
    callbackId: row.callback_id,
  };
}

/** The CSV columns; times are in the center's time zone, named in the header. */
function csvHeader(center: Center): string {
  const tz = center.timeZone;
  return csvLine([
    'callId',
    'kind',
    'queueId',
    'queueName',
    'agentId',
    'agentName',
    'customerNumber',
    'ourNumber',
    `createdAt (${tz})`,
    `connectedAt (${tz})`,
    `endedAt (${tz})`,
    'waitSec',
    'talkSec',
    'endReason',
    'dispositionId',
    'disposition',
  ]);
}

function csvRow(s: EngineState, center: Center, row: CallRow): string {
  const i = item(s, row);
  const d = center.dispositions.find((x) => x.id === row.disposition_id);
  const label = d ? (center.language === 'ja' ? (d.labelJa ?? d.label) : d.label) : null;
  const sec = (v: number | null) => (v === null ? null : Math.round(v / 1000));
  return csvLine([
    i.callId,
    i.kind,
    i.queueId,
    i.queueName,
    i.agentId,
    i.agentName,
    i.customerNumber,
    i.ourNumber,
    localDateTime(row.created_at, center.timeZone),
    localDateTime(row.connected_at, center.timeZone),
    localDateTime(row.ended_at, center.timeZone),
    sec(i.waitMs),
    sec(i.talkMs),
    i.endReason,
    i.dispositionId,
    label,
  ]);
}

/**
 * Call history with search and CSV export (SUP-04), read from the calls table. Filters are
 * bound as SQL parameters; paging is by keyset (a cursor), newest first. The CSV streams every
 * match in pages, UTF-8 with a byte order mark by default so Excel shows Japanese text.
 */
export function historyRoutes(app: TypedApi, deps: ApiDeps): void {
  const guard = { roles: SUPERVISORS, center: centerFromPath };

  app.get(
    '/api/v1/centers/:centerId/calls',
    {
      config: { guard },
      schema: {
        tags: [TAGS.history],
        summary: 'Search the call history (SUP-04) / 通話履歴の検索',
        params: HistoryParams,
        querystring: HistoryQuery,
        response: { 200: HistoryPage, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { limit, cursor: raw, ...search } = request.query;
      const cursor = raw === undefined ? null : decodeCursor(raw);
      if (raw !== undefined && cursor === null)
        throw new ApiError('CC_ERR_VALIDATION', {
          issues: [{ path: 'cursor', message: 'invalid cursor' }],
        });
      const filter = filterOf(request, request.params.centerId, search);
      const rows = await searchCalls(deps.db, filter, limit + 1, cursor);
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => item(deps.engine.state, row)),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },
  );

  app.get(
    '/api/v1/centers/:centerId/calls.csv',
    {
      config: { guard },
      schema: {
        tags: [TAGS.history],
        summary:
          'Export the matching call history as CSV, UTF-8 with BOM (SUP-04) / 通話履歴のCSV出力',
        params: HistoryParams,
        querystring: CsvQuery,
        response: {
          200: { description: 'text/csv', content: { 'text/csv': { schema: z.string() } } },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { bom, ...search } = request.query;
      const center = centerNow(deps, request.params.centerId);
      const filter = filterOf(request, center.id, search);
      const s = deps.engine.state;
      async function* lines() {
        yield (bom === 'true' ? UTF8_BOM : '') + csvHeader(center);
        for await (const row of allCalls(deps.db, filter)) yield csvRow(s, center, row);
      }
      const stamp = new Date(deps.engine.now()).toISOString().slice(0, 10);
      const name = center.id.replace(/[^A-Za-z0-9._-]/g, '_');
      return (
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="calls-${name}-${stamp}.csv"`)
          .header('cache-control', 'no-store')
          // A stream is sent as is (no serializer); the schema above documents its content type.
          .send(Readable.from(lines()) as unknown as string)
      );
    },
  );
}
