import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { ROLES } from '../principal.js';
import { audienceOf } from '../events/audience.js';
import { lastEventId, readEvents, StreamMessageSchema } from '../events/messages.js';
import { EventScopes } from '../events/scope.js';
import { serverSentEventsSink, webSocketSink } from '../events/sinks.js';
import { StreamRegistry } from '../events/stream-registry.js';
import { StreamSession, type StreamSink } from '../events/stream-session.js';
import { credentialOf, TicketStore, type Credential } from '../events/tickets.js';
import { isTypePattern, typeFilterOf } from '../events/types.js';
import { centerFromQuery } from './resolve.js';

const PING_MS = 25_000;

const TypesQuery = z
  .string()
  .max(2000)
  .optional()
  .refine((v) => v === undefined || v.split(',').every((p) => isTypePattern(p.trim())), {
    message: "unknown event type; use e.g. 'call.ended' or 'call.*' / 不明なイベント種別",
  })
  .describe("Comma-separated types or families, e.g. 'call.ended,agent.*' / 種別で絞り込み");

const CenterQuery = z.string().min(1).max(64).optional().describe('One center / センター');

const StreamQuery = z.object({
  lastEventId: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Resume after this id: everything missed, no duplicate / この ID の次から再開'),
  centerId: CenterQuery,
  types: TypesQuery,
  ticket: z
    .string()
    .max(200)
    .optional()
    .describe('Single-use ticket from POST /api/v1/events/ticket / 使い捨てチケット'),
});

function patterns(types: string | undefined): string[] | null {
  return types ? types.split(',').map((p) => p.trim()) : null;
}

/**
 * The live event stream (BEY-04), filtered by what the principal may see (SUP-02): a
 * WebSocket, or server-sent events when the request is not an upgrade; a ticket for browsers
 * that cannot send a header; and a polling endpoint for integrations.
 */
export function eventsStreamRoutes(app: TypedApi, deps: ApiDeps): void {
  const scopes = deps.eventScopes ?? new EventScopes(deps.engine.state);
  const tickets = new TicketStore();
  const registry = new StreamRegistry(deps.db);
  const credentials = new WeakMap<FastifyRequest, Credential | null>();
  const byTicket = new WeakSet<FastifyRequest>();
  const sessions = new Set<StreamSession>();
  app.addHook('preClose', async () => {
    for (const s of sessions) s.close(1001, 'server shutting down');
    registry.close();
  });

  /** A ticket authenticates only the stream, and only when no cookie or header did. */
  async function redeemTicket(request: FastifyRequest): Promise<void> {
    const ticket = (request.query as { ticket?: unknown }).ticket;
    if (request.principal || typeof ticket !== 'string') return;
    const redeemed = tickets.redeem(ticket);
    if (!redeemed || !(await registry.valid(redeemed.principal, redeemed.credential))) return;
    request.principal = redeemed.principal;
    credentials.set(request, redeemed.credential);
    byTicket.add(request);
  }

  /**
   * Browsers send cookies on WebSocket handshakes from any page (SameSite stops other sites,
   * not sibling subdomains), so a cookie opens a stream only for a page of this origin.
   */
  async function checkStream(request: FastifyRequest): Promise<void> {
    const principal = requirePrincipal(request);
    if (!credentials.has(request)) credentials.set(request, credentialOf(request, principal));
    const origin = request.headers.origin;
    if (principal.via === 'session' && !byTicket.has(request) && origin !== undefined) {
      if (hostOf(origin) !== request.headers.host)
        throw new ApiError('CC_ERR_FORBIDDEN', { origin });
    }
    const q = request.query as z.output<typeof StreamQuery>;
    const from = resumeFrom(request, q.lastEventId);
    if (from !== null) {
      const newest = await lastEventId(deps.db);
      if (from > newest)
        throw new ApiError('CC_ERR_VALIDATION', {
          message: 'lastEventId is ahead of this stream / lastEventId が先に進みすぎています',
          lastEventId: from,
          newest,
        });
    }
  }

  /** Starts a session on `sink`; returns what to call when the client goes away. */
  function open(request: FastifyRequest, sink: StreamSink & { stop(): void }): () => void {
    const principal = requirePrincipal(request);
    const q = request.query as z.output<typeof StreamQuery>;
    const audience = audienceOf(principal, {
      centerId: q.centerId,
      types: typeFilterOf(patterns(q.types)),
    });
    const session = new StreamSession(
      { db: deps.db, bus: deps.bus, scopes },
      audience,
      sink,
      resumeFrom(request, q.lastEventId),
    );
    sessions.add(session);
    const leave = registry.add({
      principal,
      credential: credentials.get(request) ?? null,
      end: (code, reason) => session.close(code, reason),
    });
    session
      .start()
      .catch((err: unknown) => request.log.error({ err }, 'event stream replay failed'));
    return () => {
      sink.stop();
      session.close(1000, 'closed');
      sessions.delete(session);
      leave();
    };
  }

  app.route({
    method: 'GET',
    url: '/api/v1/events/stream',
    exposeHeadRoute: false,
    config: { guard: { roles: ROLES, center: centerFromQuery } },
    onRequest: redeemTicket,
    preHandler: checkStream,
    schema: {
      tags: ['events'],
      summary:
        'Live events: WebSocket, or server-sent events without an upgrade / ライブイベント (WebSocket または SSE)',
      description:
        'Messages are JSON `{ id, type, at, centerId, data }`, filtered by what the caller may see. ' +
        'Reconnect with `lastEventId` (or the `Last-Event-ID` header for SSE) to get every event ' +
        'missed, with no gap and no duplicate. Authenticate with the session cookie (same origin ' +
        'only), an `Authorization: Bearer` header, or a single-use `ticket`.',
      querystring: StreamQuery,
    },
    handler: (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      const ended = open(request, serverSentEventsSink(reply.raw, PING_MS));
      reply.raw.on('close', ended);
    },
    wsHandler: (socket: WebSocket, request: FastifyRequest) => {
      // Subscribed synchronously here, before the client can act on the open handshake.
      const ended = open(request, webSocketSink(socket, PING_MS));
      socket.on('close', ended);
    },
  });

  app.post(
    '/api/v1/events/ticket',
    {
      config: { guard: { roles: ROLES } },
      schema: {
        tags: ['events'],
        summary: 'A single-use ticket to open the event stream (30 s) / ストリーム用チケット',
        response: { 200: z.object({ ticket: z.string(), expiresAt: z.string() }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const issued = tickets.issue(principal, credentialOf(request, principal));
      return { ticket: issued.ticket, expiresAt: new Date(issued.expiresAt).toISOString() };
    },
  );

  app.get(
    '/api/v1/events',
    {
      config: { guard: { roles: ROLES, center: centerFromQuery } },
      schema: {
        tags: ['events'],
        summary: 'Events after an id, for polling integrations / イベントの取得 (ポーリング)',
        querystring: z.object({
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          centerId: CenterQuery,
          types: TypesQuery,
        }),
        response: {
          200: z.object({
            events: z.array(StreamMessageSchema),
            nextAfter: z.number().int().describe('Pass as `after` next time / 次回の after'),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const audience = audienceOf(requirePrincipal(request), {
        centerId: q.centerId,
        types: typeFilterOf(patterns(q.types)),
      });
      // Read the newest id first: when fewer than `limit` come back, every event the caller may
      // see up to it has been returned, and the next poll can start there.
      const newest = await lastEventId(deps.db);
      const events = await readEvents(deps.db, audience, q.after, q.limit, newest);
      const nextAfter =
        events.length < q.limit ? Math.max(newest, q.after) : events[events.length - 1]!.message.id;
      return { events: events.map((e) => e.message), nextAfter };
    },
  );
}

function resumeFrom(request: FastifyRequest, lastEventId: number | undefined): number | null {
  if (lastEventId !== undefined) return lastEventId;
  const header = request.headers['last-event-id'];
  const n = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : null;
  return n;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
