import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUser, type Role } from '@tsunagu/api';
import type { EngineInput } from '@tsunagu/domain';
import WebSocket from 'ws';
import type { TestNode } from '../support/test-node.js';

/** Test vocabulary for streams and webhooks: clients, receivers, users, a second center. */

export interface StreamMessage {
  id: number;
  type: string;
  at: string;
  centerId: string | null;
  data: Record<string, any>;
}

export interface TestStream {
  readonly messages: StreamMessage[];
  /** Resolves when a message satisfies `pred` (or already has). */
  waitFor(pred: (m: StreamMessage) => boolean, timeoutMs?: number): Promise<StreamMessage>;
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function until<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function wsUrl(t: TestNode, query: Record<string, string | number | undefined>): string {
  const url = new URL('/api/v1/events/stream', t.url.replace(/^http/, 'ws'));
  for (const [k, v] of Object.entries(query))
    if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

/** Opens the WebSocket stream; rejects with the HTTP status when the handshake is refused. */
export function openStream(
  t: TestNode,
  query: Record<string, string | number | undefined> = {},
  auth: { cookie?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<TestStream> {
  const headers: Record<string, string> = { ...auth.headers };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  const ws = new WebSocket(wsUrl(t, query), { headers });
  const messages: StreamMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    messages.push(JSON.parse(raw.toString()) as StreamMessage);
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        reject(
          Object.assign(new Error(`status ${res.statusCode}`), { status: res.statusCode, body }),
        ),
      );
    });
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        messages,
        closed,
        waitFor(pred, timeoutMs = 5_000) {
          const found = messages.find(pred);
          if (found) return Promise.resolve(found);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              rej(new Error(`no matching message among ${messages.length}`));
            }, timeoutMs);
            const check = () => {
              const m = messages.find(pred);
              if (!m) return;
              clearTimeout(timer);
              waiters.delete(check);
              res(m);
            };
            waiters.add(check);
          });
        },
        async close() {
          ws.close();
          await closed;
        },
      }),
    );
  });
}

/** The HTTP status a refused stream handshake got. */
export async function refusedWith(promise: Promise<TestStream>): Promise<number> {
  try {
    const s = await promise;
    await s.close();
    return 101;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

export async function submit(t: TestNode, input: EngineInput): Promise<void> {
  const result = await t.node.runner.submitDurably(input);
  if (result.error) throw new Error(`${input.type}: ${result.error.code}`);
}

/** Toggles an idle agent between available and break: one committed event each time. */
export async function toggleStatus(t: TestNode, agentId: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    const now = t.node.runner.state.agents.get(agentId)!.presence;
    await submit(t, {
      type: 'agent.set-status',
      agentId,
      status: now === 'available' ? 'break' : 'available',
      reason: null,
    });
  }
}

/** A second center 'osaka' with one agent and a queue on its own number. */
export async function addOsaka(t: TestNode): Promise<void> {
  const tokyo = t.node.runner.state.centers.get('tokyo')!;
  await submit(t, {
    type: 'center.upsert',
    center: {
      ...tokyo,
      id: 'osaka',
      name: 'Osaka',
      callerIds: [{ number: '0611112222', label: 'OSA' }],
    },
  } as EngineInput);
  await submit(t, {
    type: 'agent.upsert',
    agent: { id: 'osaka-001', centerId: 'osaka', name: 'Osaka 1' },
  } as EngineInput);
  const support = t.node.runner.state.queues.get('support')!;
  await submit(t, {
    type: 'queue.upsert',
    queue: {
      ...support,
      id: 'osaka-support',
      centerId: 'osaka',
      numbers: ['0611112222'],
      members: ['osaka-001'],
      callerId: '0611112222',
    },
  } as EngineInput);
}

let users = 0;
/** Creates a user and signs them in; returns the session cookie. */
export async function userCookie(
  t: TestNode,
  role: Role,
  grants: { centers?: string[] | null; callerIds?: string[] | null; agentId?: string | null } = {},
): Promise<string> {
  users += 1;
  const login = `${role}-${users}-${Math.random().toString(36).slice(2, 8)}`;
  await createUser(t.node.db, {
    login,
    name: login,
    password: 'a long enough password',
    role,
    centers: grants.centers ?? null,
    callerIds: grants.callerIds ?? null,
    agentId: grants.agentId ?? null,
  });
  return t.login(login, 'a long enough password');
}

/**
 * One inbound call answered by `agentId` and hung up: the call path end to end. Returns the
 * call id. The agent must be available.
 */
export async function answeredCall(
  t: TestNode,
  agentId: string,
  from = '09011112222',
  to = '0312345678',
): Promise<string> {
  const telephony = t.node.virtual;
  telephony.placeCall(from, to, { patienceMs: Infinity, talkMs: Infinity });
  const offer = await until(
    () => [...t.node.runner.state.offers.values()].find((o) => o.agentId === agentId),
    5_000,
    `an offer to ${agentId}`,
  );
  await submit(t, { type: 'offer.answer', agentId, offerId: offer.id });
  const call = await until(
    () =>
      [...t.node.runner.state.calls.values()].find(
        (c) => c.agentId === agentId && c.state === 'talking',
      ),
    5_000,
    'the call to connect',
  );
  await submit(t, { type: 'call.hangup', agentId, callId: call.id });
  await until(() => !t.node.runner.state.calls.has(call.id), 5_000, 'the call to end');
  return call.id;
}

export interface ReceivedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly at: number;
}

/** A webhook receiver on 127.0.0.1; `answer` decides each response (default 200). */
export async function startReceiver(
  answer: (req: ReceivedRequest, res: ServerResponse, n: number) => void = (_q, res) =>
    void res.writeHead(200).end('ok'),
): Promise<{ url: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const received = { headers: req.headers, body, at: Date.now() };
      requests.push(received);
      answer(received, res, requests.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
