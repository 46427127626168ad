import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { HttpClient } from './http-client.js';
import { percentile, sorted } from './stats.js';

export interface FanoutResult {
  readonly subscribers: number;
  readonly commands: number;
  /** Command sent to one subscriber's delivery, over every subscriber and command. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Command sent to the last subscriber's delivery, median over commands. */
  readonly allDeliveredMs: number;
  /** Deliveries that never came within the timeout. */
  readonly lost: number;
}

const AGENT = 'agent-005';
const TIMEOUT_MS = 15_000;

/**
 * Event fan-out: `subscribers` WebSocket clients on GET /api/v1/events/stream (admin token, so
 * each sees every event), then `commands` agent status changes one after another. For each, the
 * time from sending the HTTP command to each subscriber receiving its agent.status-changed
 * event. Subscribers live in this process, so one clock measures both ends; the client's own
 * message handling is part of the figure.
 */
export async function fanout(
  url: URL,
  token: string,
  subscribers: number,
  commands: number,
  warmup: number,
): Promise<FanoutResult> {
  const wsUrl = new URL('/api/v1/events/stream', url);
  wsUrl.protocol = 'ws:';
  let expected: string | null = null;
  let sentAt = 0;
  let arrivals: (number | null)[] = [];
  let remaining = 0;
  let allIn: () => void = () => {};
  const sockets: WebSocket[] = [];
  const open = (i: number) =>
    new Promise<void>((ok, fail) => {
      const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${token}` } });
      ws.once('open', () => ok());
      ws.once('error', fail);
      ws.on('message', (raw: Buffer) => {
        if (expected === null || arrivals[i] !== null) return;
        const m = JSON.parse(raw.toString()) as {
          type: string;
          data: { agentId?: string; to?: string };
        };
        if (m.type !== 'agent.status-changed' || m.data.agentId !== AGENT || m.data.to !== expected)
          return;
        arrivals[i] = performance.now() - sentAt;
        if (--remaining === 0) allIn();
      });
      sockets.push(ws);
    });
  for (let i = 0; i < subscribers; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, subscribers - i) }, (_, k) => open(i + k)));
  }
  const client = new HttpClient(url, { authorization: `Bearer ${token}` }, 1);
  const latencies: number[] = [];
  const lastOnes: number[] = [];
  let lost = 0;
  try {
    for (let n = 0; n < warmup + commands; n += 1) {
      const to = n % 2 === 0 ? 'busy' : 'available';
      arrivals = new Array<number | null>(subscribers).fill(null);
      remaining = subscribers;
      const delivered = new Promise<void>((ok) => (allIn = ok));
      expected = to;
      sentAt = performance.now();
      const res = await client.json('POST', `/api/v1/agents/${AGENT}/status`, { status: to });
      if (res.status !== 200) throw new Error(`status change answered ${res.status}`);
      await Promise.race([delivered, new Promise((r) => setTimeout(r, TIMEOUT_MS))]);
      expected = null;
      if (n < warmup) continue;
      const got = arrivals.filter((a): a is number => a !== null);
      lost += subscribers - got.length;
      latencies.push(...got);
      lastOnes.push(Math.max(...got));
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.json('POST', `/api/v1/agents/${AGENT}/status`, { status: 'logged-out' });
    client.close();
    for (const ws of sockets) ws.terminate();
  }
  const s = sorted(latencies);
  return {
    subscribers,
    commands,
    p50Ms: percentile(s, 50),
    p99Ms: percentile(s, 99),
    allDeliveredMs: percentile(sorted(lastOnes), 50),
    lost,
  };
}
