import { performance } from 'node:perf_hooks';
import { HttpClient } from './http-client.js';
import { percentile, sorted } from './stats.js';

export interface StatusChangeResult {
  readonly clients: number;
  readonly seconds: number;
  readonly changes: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Agent status changes through the API: `clients` concurrent clients, each on its own
 * keep-alive connection and its own agent (agent-001, agent-002, ...), alternate the agent
 * between available and busy as fast as the answers come. Each answer means the change is
 * committed (the API answers after the commit), so this is durable changes per second.
 */
export async function statusChanges(
  url: URL,
  token: string,
  clients: number,
  seconds: number,
  warmupSeconds: number,
): Promise<StatusChangeResult> {
  const latencies: number[] = [];
  let measuring = false;
  let stop = false;
  const loops = Array.from({ length: clients }, async (_, i) => {
    const client = new HttpClient(url, { authorization: `Bearer ${token}` }, 1);
    const agentId = `agent-${String(i + 1).padStart(3, '0')}`;
    let busy = false;
    try {
      while (!stop) {
        busy = !busy;
        const started = performance.now();
        const res = await client.json('POST', `/api/v1/agents/${agentId}/status`, {
          status: busy ? 'busy' : 'available',
          reason: busy ? 'ticket processing' : null,
        });
        if (res.status !== 200)
          throw new Error(`status change answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (measuring) latencies.push(performance.now() - started);
      }
    } finally {
      // Leave the agent off the routing list for the next benchmark.
      await client.json('POST', `/api/v1/agents/${agentId}/status`, { status: 'logged-out' });
      client.close();
    }
  });
  await new Promise((r) => setTimeout(r, warmupSeconds * 1000));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(loops);
  const s = sorted(latencies);
  return {
    clients,
    seconds: elapsed,
    changes: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(s, 50),
    p99Ms: percentile(s, 99),
  };
}
