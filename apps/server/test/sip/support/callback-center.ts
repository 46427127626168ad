import { PROMPTS, type DomainEvent, type PromptId, type QueueInput } from '@tsunagu/domain';
import { media } from '@tsunagu/telephony';
import { expect } from 'vitest';
import type { RequestOptions, TestResponse } from '../../support/http.js';
import { keysPcap, keyPressPcap, tonePcap } from './pcap.js';
import { CENTER_ID, type SipTestNode } from './sip-node.js';
import { describeRun, startSipp, type SippProcess } from './sipp.js';

/**
 * What the callback tests over SIP share: short announcements, queues and agents of their own
 * (so tests run side by side on one node), SIPp callers typing keys in steps, the customers'
 * phones behind the trunk, and a log of what the node played to whom.
 */

/** The HTTP side of a node, in-process or spawned. */
export interface AdminApi {
  readonly url: string;
  readonly cookie: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
}

export const apiOf = (n: SipTestNode): AdminApi => ({
  url: n.t.url,
  cookie: n.admin,
  request: n.t.request,
});

export async function call(
  api: AdminApi,
  method: string,
  path: string,
  body?: unknown,
): Promise<TestResponse> {
  return api.request(method, path, { cookie: api.cookie, ...(body !== undefined && { body }) });
}

async function ok(api: AdminApi, method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(api, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

/** 0.3 s of a quiet tone as an 8 kHz mono 16-bit WAV. */
function shortWav(): Uint8Array {
  const samples = new Int16Array(2400);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(2000 * Math.sin((2 * Math.PI * 523 * i) / 8000));
  const header = media.wavHeader({ dataLength: samples.byteLength });
  const out = new Uint8Array(header.length + samples.byteLength);
  out.set(header);
  out.set(new Uint8Array(samples.buffer), header.length);
  return out;
}

/**
 * Replaces every announcement of the center (Japanese, its language) with 0.3 s of tone, as an
 * admin may (QCB-16): a confirmation then takes a moment instead of eight seconds, so the tests
 * stay short while every prompt is still played and timed as the engine asks.
 */
export async function shortPrompts(api: AdminApi, centerId = CENTER_ID): Promise<void> {
  const wav = shortWav();
  for (const promptId of Object.keys(PROMPTS) as PromptId[])
    await uploadPrompt(api, promptId, wav, centerId);
}

/** Replaces one announcement of a center (in Japanese, its language) with `wav` (QCB-16). */
export async function uploadPrompt(
  api: AdminApi,
  promptId: PromptId,
  wav: Uint8Array,
  centerId = CENTER_ID,
): Promise<void> {
  const res = await fetch(`${api.url}/api/v1/centers/${centerId}/prompts/${promptId}/ja`, {
    method: 'PUT',
    headers: { cookie: api.cookie, 'content-type': 'audio/wav' },
    body: wav,
  });
  expect(res.status, `${promptId}: ${await res.text()}`).toBe(200);
}

export async function addAgent(api: AdminApi, id: string): Promise<void> {
  await ok(api, 'POST', '/api/v1/agents', { id, centerId: CENTER_ID, name: `Agent ${id}` });
}

/**
 * A queue with its own number and agents (created here, logged out), in the demo center unless
 * `centerId` says another.
 */
export async function addQueue(
  api: AdminApi,
  queue: { id: string; number: string; members?: string[] } & Partial<QueueInput>,
): Promise<void> {
  const { number, members = [], ...settings } = queue;
  for (const agentId of members) await addAgent(api, agentId);
  await ok(api, 'POST', '/api/v1/queues', {
    name: `Queue ${queue.id}`,
    centerId: CENTER_ID,
    ...settings,
    numbers: [number],
    members,
  });
}

export async function setStatus(api: AdminApi, agentId: string, status: string): Promise<void> {
  await ok(api, 'POST', `/api/v1/agents/${agentId}/status`, { status });
}

export interface HoldQueueEntry {
  readonly entryId: string;
  readonly kind: 'call' | 'callback';
  readonly position: number;
  readonly waitMs: number;
  readonly estimatedWaitMs: number | null;
  readonly callId: string | null;
  readonly callbackId: string | null;
  readonly customerNumber: string;
  readonly firstJoinedAt: string;
  readonly state: string;
}

/** The hold-queue view (HQ-05): callers and callback requests of one queue, in order. */
export async function holdQueue(
  api: AdminApi,
  queueId: string,
  centerId = CENTER_ID,
): Promise<HoldQueueEntry[]> {
  const body = await ok(api, 'GET', `/api/v1/centers/${centerId}/hold-queue?queueId=${queueId}`);
  return body.queues[0]?.entries ?? [];
}

/** Open callback requests of a queue, in order (the admin list). */
export async function openCallbacks(api: AdminApi, queueId: string): Promise<any[]> {
  return (await ok(api, 'GET', `/api/v1/queues/${queueId}/callbacks`)).items;
}

/** What a caller does at one step: type keys (`12#`), or speak for `toneMs`. */
export type Step = string | { readonly toneMs: number };

/**
 * A SIPp caller dialling `to` from `from` (caller-keys.xml): one step every 2 s after the
 * answer, then waiting up to `holdSec` for the node to hang up before hanging up itself.
 */
export function callerWithKeys(
  remotePort: number,
  options: {
    from: string;
    to: string;
    steps?: readonly Step[];
    holdSec: number;
    rtpEcho?: boolean;
  },
): Promise<SippProcess> {
  const steps = options.steps ?? [];
  if (steps.length > 6) throw new Error('caller-keys.xml has six steps');
  // SIPp loads every capture the scenario names before it starts: unused steps get a blip.
  const files: Record<string, Uint8Array> = {};
  for (let i = steps.length; i < 6; i++)
    files[`step-${i + 1}.pcap`] = tonePcap(20, { sequence: 1 });
  steps.forEach((step, i) => {
    files[`step-${i + 1}.pcap`] =
      typeof step === 'string'
        ? keysPcap(step, { timestamp: 1_000_000 * (i + 1), sequence: 1000 * (i + 1) })
        : tonePcap(step.toneMs, { sequence: 1000 * (i + 1) });
  });
  return startSipp({
    scenario: 'caller-keys.xml',
    remote: { host: '127.0.0.1', port: remotePort },
    service: options.to,
    keys: { caller: options.from },
    vars: { steps: String(steps.length), hold: String(Math.max(1, options.holdSec)) },
    files,
    rtpEcho: options.rtpEcho ?? true,
    timeoutSec: 90,
  });
}

/**
 * The customers' phones behind the outbound trunk (customer-phone.xml), on `port`: the last
 * digit of the dialled number says what each one does (1 answers and presses 1, 2 presses 2,
 * 3 never answers, 4 is busy, 5 answers and waits).
 */
export async function customerPhones(port: number, calls = 1000): Promise<SippProcess> {
  const phones = await startSipp({
    scenario: 'customer-phone.xml',
    localPort: port,
    keys: { user: 'customer' },
    calls,
    rtpEcho: true,
    timeoutSec: 300,
    files: {
      'press-1.pcap': keyPressPcap({ digit: '1', timestamp: 80_000, sequence: 500 }),
      'press-2.pcap': keyPressPcap({ digit: '2', timestamp: 80_000, sequence: 500 }),
    },
  });
  // A scenario SIPp refuses ends it at once: say so here, not as a timeout later.
  const early = await Promise.race([phones.done, sleep(300).then(() => null)]);
  if (early !== null) throw new Error(`the customers' phones did not start\n${describeRun(early)}`);
  return phones;
}

/** A leg.play the node carried out, with how many committed events had been published then. */
export interface Played {
  readonly at: number;
  readonly legId: string;
  readonly prompts: readonly PromptId[];
  readonly then: 'music' | 'silence';
  readonly publishedBefore: number;
}

/**
 * Records every announcement the SIP side plays. `publishedBefore` counts the events the bus
 * had delivered at that moment; the bus only carries committed events, so an event among them
 * was durable before the play started.
 */
export function recordPlays(n: SipTestNode): Played[] {
  const telephony = n.sip.stack.telephony;
  const execute = telephony.execute.bind(telephony);
  const plays: Played[] = [];
  telephony.execute = (command) => {
    if (command.type === 'leg.play') {
      plays.push({
        at: Date.now(),
        legId: command.legId,
        prompts: command.items.flatMap((i) => (i.kind === 'prompt' ? [i.id] : [])),
        then: command.then,
        publishedBefore: n.events.length,
      });
    }
    execute(command);
  };
  return plays;
}

/** The committed events of one call (by id), in order. */
export function eventsOfCall(n: SipTestNode, callId: string): DomainEvent[] {
  return n.events.filter((e) => 'callId' in e && e.callId === callId);
}

/** The customer leg of a call, from its leg events. */
export function customerLegOf(n: SipTestNode, callId: string): string | undefined {
  const e = n.events.find(
    (x) => x.type === 'leg.state-changed' && x.callId === callId && x.role === 'customer',
  );
  return e?.type === 'leg.state-changed' ? e.legId : undefined;
}

export function agentLegOf(n: SipTestNode, callId: string): string | undefined {
  const e = n.events.find(
    (x) => x.type === 'leg.state-changed' && x.callId === callId && x.role === 'agent',
  );
  return e?.type === 'leg.state-changed' ? e.legId : undefined;
}

/** The prompts played to a leg, play by play. */
export const promptsTo = (plays: readonly Played[], legId: string | undefined): PromptId[][] =>
  plays.filter((p) => p.legId === legId).map((p) => [...p.prompts]);

/** The id of the inbound call a number made to a queue (the latest one). */
export function inboundCallOf(n: SipTestNode, from: string, queueId: string): string | undefined {
  const e = n.events.findLast(
    (x) => x.type === 'call.created' && x.customerNumber === from && x.queueId === queueId,
  );
  return e?.type === 'call.created' ? e.callId : undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
