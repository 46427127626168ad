import type { SipServer } from './sip-server.js';

const CENTER = 'tokyo';
const QUEUE = 'support';

async function ok(
  server: SipServer,
  method: string,
  path: string,
  body: unknown,
  expect: readonly number[] = [200, 201],
): Promise<void> {
  const res = await server.api.json(method, path, body);
  if (!expect.includes(res.status))
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * The demo queue, made large enough for the benchmark: room for every caller (the demo's 100
 * would send the rest to voicemail) and no wrap-up, so a bridged agent is free again at once.
 */
export async function prepareQueue(server: SipServer, members?: readonly string[]): Promise<void> {
  await ok(server, 'PATCH', `/api/v1/queues/${QUEUE}`, {
    maxSize: 100_000,
    wrapUpSec: 0,
    afterCallStatus: 'available',
    ...(members ? { members } : {}),
  });
}

/**
 * `count` agents whose device is an external number, so the server calls them out through the
 * bench trunk, where one sipp UAS answers for all; every one set available.
 */
export async function prepareAgents(server: SipServer, count: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(5, '0')}`);
  const inParallel = async (work: (id: string, i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < ids.length) {
          const i = next++;
          await work(ids[i]!, i);
        }
      }),
    );
  };
  await inParallel((id, i) =>
    ok(server, 'POST', '/api/v1/agents', {
      id,
      centerId: CENTER,
      name: `Bench agent ${i + 1}`,
      device: { kind: 'external', number: `0905${String(i + 1).padStart(7, '0')}` },
    }),
  );
  await prepareQueue(server, ids);
  await inParallel((id) =>
    ok(server, 'POST', `/api/v1/agents/${id}/status`, { status: 'available' }),
  );
}
