/**
 * Signalling for browser softphones (BEY-06), two WebSockets carrying the JSON messages of
 * packages/telephony/src/webrtc/browser/protocol.ts:
 *
 * - /api/v1/softphone: the signed-in user's own agent softphone (no agent id in the URL: an
 *   agent can only ever open their own). Calls offered to the agent ring here.
 * - /api/v1/softphone/test-call: the test caller. It puts a call into a queue with any caller
 *   number, which could be used to plant callback requests to numbers of one's choosing, so
 *   only admins and supervisors may use it, and only for queues of centers they can see.
 *
 * Both take the session cookie and, like the event stream, only from a page of this origin.
 */
import type { EngineState } from '@tsunagu/domain';
import {
  ApiError,
  canSeeCenter,
  requirePrincipal,
  type Api,
  type Principal,
  type Role,
} from '@tsunagu/api';
import { webrtc } from '@tsunagu/telephony';
import type {} from '@fastify/websocket';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';

const SOFTPHONE_ROLES: readonly Role[] = ['admin', 'supervisor', 'agent'];
const TEST_CALLER_ROLES: readonly Role[] = ['admin', 'supervisor'];

/** Far more than any SDP a browser sends for one audio section. */
const MAX_MESSAGE_BYTES = 32 * 1024;
/** Messages per socket per 10 s: a keypad and a few calls, not a flood. */
const MESSAGES_PER_WINDOW = 100;

const LegId = z.string().min(1).max(100);
const Sdp = z.string().min(10).max(20_000);
const Digits = z.string().regex(webrtc.DTMF_KEYS);
const Phone = z.string().regex(/^\+?\d{3,20}$/);

const SoftphoneMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('accept'), legId: LegId, sdp: Sdp }),
  z.strictObject({ type: z.literal('reject'), legId: LegId }),
  z.strictObject({ type: z.literal('hangup'), legId: LegId }),
  z.strictObject({ type: z.literal('dtmf'), legId: LegId, digits: Digits }),
]);

const TestCallerMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('call'), to: Phone, from: Phone, sdp: Sdp }),
  z.strictObject({ type: z.literal('hangup'), legId: LegId }),
  z.strictObject({ type: z.literal('dtmf'), legId: LegId, digits: Digits }),
]);

export interface SoftphoneRouteDeps {
  readonly state: EngineState;
  /** Null when the node runs without SIP (and so without a media engine). */
  readonly browser: webrtc.WebRtcTelephony | null;
}

export function softphoneRoutes(app: Api, deps: SoftphoneRouteDeps): void {
  const sockets = new Set<WebSocket>();
  app.addHook('preClose', async () => {
    for (const s of sockets) s.close(1001, 'server shutting down');
  });

  const checkOpen = async (request: FastifyRequest): Promise<void> => {
    const principal = requirePrincipal(request);
    if (principal.via !== 'session') throw new ApiError('CC_ERR_FORBIDDEN');
    const origin = request.headers.origin;
    if (origin !== undefined && hostOf(origin) !== request.headers.host)
      throw new ApiError('CC_ERR_FORBIDDEN', { origin });
    if (deps.browser === null) throw new ApiError('CC_ERR_UNAVAILABLE');
  };

  const notUpgraded = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.status(400).send({
      error: {
        code: 'CC_ERR_VALIDATION',
        message: 'Open this URL as a WebSocket.',
        messageJa: 'WebSocket で接続してください。',
      },
    });

  app.route({
    method: 'GET',
    url: '/api/v1/softphone',
    exposeHeadRoute: false,
    config: { guard: { roles: SOFTPHONE_ROLES } },
    preHandler: async (request) => {
      await checkOpen(request);
      const agentId = requirePrincipal(request).agentId;
      if (agentId === null || !deps.state.agents.has(agentId))
        throw new ApiError('CC_ERR_AGENT_NOT_FOUND');
    },
    schema: {
      tags: ['softphone'],
      summary: 'The agent’s browser softphone (WebSocket) / ブラウザソフトフォン',
      description:
        'Signalling for the signed-in agent’s own softphone: `incoming` offers, `accept` with the ' +
        'browser’s SDP offer, `answer` with ours, `hangup`, `dtmf`. Audio is WebRTC (PCMU).',
    },
    handler: notUpgraded,
    wsHandler: (socket: WebSocket, request: FastifyRequest) => {
      const agentId = requirePrincipal(request).agentId!;
      const handle = deps.browser!.openSoftphone(agentId, browserSocket(socket));
      serve(socket, sockets, SoftphoneMessage, (message) => {
        switch (message.type) {
          case 'accept':
            return handle.accept(message.legId, message.sdp);
          case 'reject':
            return handle.reject(message.legId);
          case 'hangup':
            return handle.hangup(message.legId);
          case 'dtmf':
            return handle.dtmf(message.legId, message.digits);
        }
      }).then(
        () => handle.close(),
        () => handle.close(),
      );
    },
  });

  app.route({
    method: 'GET',
    url: '/api/v1/softphone/test-call',
    exposeHeadRoute: false,
    config: { guard: { roles: TEST_CALLER_ROLES } },
    preHandler: checkOpen,
    schema: {
      tags: ['softphone'],
      summary: 'Call a queue from the browser (WebSocket) / ブラウザからのテスト発信',
      description:
        'Admins and supervisors: `call` a queue number of a center you can see, with a caller ' +
        'number of your choice, as if from a trunk; `dtmf` keys; `hangup`.',
    },
    handler: notUpgraded,
    wsHandler: (socket: WebSocket, request: FastifyRequest) => {
      const principal = requirePrincipal(request);
      const out = browserSocket(socket);
      const handle = deps.browser!.openTestCaller(out);
      serve(socket, sockets, TestCallerMessage, (message) => {
        switch (message.type) {
          case 'call': {
            const refusal = queueRefusal(deps.state, principal, message.to);
            if (refusal !== null) return out.send(webrtc.errorMessage(refusal));
            return handle.call(message.from, message.to, message.sdp);
          }
          case 'hangup':
            return handle.hangup(message.legId);
          case 'dtmf':
            return handle.dtmf(message.legId, message.digits);
        }
      }).then(
        () => handle.close(),
        () => handle.close(),
      );
    },
  });
}

/** Why this principal may not test-call `number`, or null when they may. */
function queueRefusal(
  state: EngineState,
  principal: Principal,
  number: string,
): 'CC_ERR_QUEUE_NOT_FOUND' | 'CC_ERR_FORBIDDEN' | null {
  const queue = [...state.queues.values()].find((q) => q.numbers.includes(number));
  if (!queue) return 'CC_ERR_QUEUE_NOT_FOUND';
  return canSeeCenter(principal, queue.centerId) ? null : 'CC_ERR_FORBIDDEN';
}

function browserSocket(socket: WebSocket): webrtc.BrowserSocket {
  return {
    send: (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    },
    close: () => socket.close(4000, 'replaced by another softphone'),
  };
}

/**
 * Reads validated messages until the socket closes (the returned promise settles then). A
 * malformed message gets an error reply; a flood or an oversized frame closes the socket.
 */
function serve<T>(
  socket: WebSocket,
  sockets: Set<WebSocket>,
  schema: z.ZodType<T>,
  onMessage: (message: T) => void,
): Promise<void> {
  sockets.add(socket);
  let windowStart = Date.now();
  let count = 0;
  const reply = (code: 'CC_ERR_VALIDATION' | 'CC_ERR_RATE_LIMITED'): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(webrtc.errorMessage(code)));
  };
  socket.on('message', (data: RawData, isBinary: boolean) => {
    const now = Date.now();
    if (now - windowStart > 10_000) {
      windowStart = now;
      count = 0;
    }
    if (++count > MESSAGES_PER_WINDOW) {
      reply('CC_ERR_RATE_LIMITED');
      return socket.close(1008, 'too many messages');
    }
    const text = isBinary ? null : rawText(data);
    if (text === null || text.length > MAX_MESSAGE_BYTES) {
      return socket.close(1009, 'message too big or not text');
    }
    let parsed: z.ZodSafeParseResult<T>;
    try {
      parsed = schema.safeParse(JSON.parse(text));
    } catch {
      return reply('CC_ERR_VALIDATION');
    }
    if (!parsed.success) return reply('CC_ERR_VALIDATION');
    onMessage(parsed.data);
  });
  return new Promise((resolve) => {
    socket.on('close', () => {
      sockets.delete(socket);
      resolve();
    });
  });
}

function rawText(data: RawData): string | null {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
