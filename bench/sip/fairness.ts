import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROMPTS, type DomainEvent, type PromptId } from '@tsunagu/domain';
import { media } from '@tsunagu/telephony';
import {
  CallbackCapacity,
  EwtAccuracy,
  OrderInversions,
  Random,
  type CallbackCapacityFigures,
  type EwtAccuracyFigures,
} from '../../apps/server/src/simulate/index.js';
import { keysPcap, keyPressPcap } from '../../apps/server/test/sip/support/pcap.js';
import {
  describeRun,
  runSipp,
  startSipp,
  type SippProcess,
} from '../../apps/server/test/sip/support/sipp.js';
import { freeUdpPort, settle } from './load.js';
import { startSipServer, type SipServer } from './sip-server.js';

/**
 * Issue #5's proof over real SIP: SIPp callers into the demo queue (Poisson arrivals, some
 * taking the callback offer with RFC 4733 keys, some giving up), SIPp desk phones registered
 * with digest that answer and talk for a random time, and the customers' phones behind the
 * trunk answering callbacks and pressing 1. Afterwards the committed events are read back from
 * the node's event API and the same checks as the simulator's run over them: first-join order,
 * callbacks in flight against free agents, and the wait estimate against the waits had.
 */
export interface FairnessPlan {
  readonly calls: number;
  readonly agents: number;
  /** Mean talk time (exponential, capped at `TALK_CAP_MS` so customer phones never time out). */
  readonly talkSec: number;
  /** Arrivals as a share of what the agents can answer. */
  readonly load: number;
  readonly callbackShare: number;
  readonly seed: number;
  readonly logLevel: string;
  readonly databaseUrl: string | null;
  readonly rtpIo: string;
}

export interface FairnessResult {
  readonly seed: number;
  readonly calls: number;
  readonly agents: number;
  readonly ratePerSec: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly callbacksRequested: number;
  readonly callbacksConnected: number;
  readonly assignments: number;
  readonly inversions: number;
  readonly capacity: CallbackCapacityFigures;
  readonly ewt: EwtAccuracyFigures;
  readonly events: number;
  /** SIPp exit codes: 0 when every call of the run went through its scenario. */
  readonly sippExit: { readonly callers: number | null; readonly phones: number | null };
  readonly seconds: number;
}

const SCENARIOS = resolve(import.meta.dirname, 'scenarios');
const QUEUE = 'support';
const CENTER = 'tokyo';
const QUEUE_NUMBER = '0312345678';
const TALK_CAP_MS = 45_000;
/** Callers who give up: this share, with patience drawn from 20 to 60 s. */
const IMPATIENT_SHARE = 0.1;
/** Of the customers called back, this share never answers (the rest answer and press 1). */
const NO_ANSWER_SHARE = 0.1;

async function ok(server: SipServer, method: string, path: string, body?: unknown) {
  const res = await server.api.json(method, path, body);
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

/** Every announcement as 0.3 s of tone (QCB-16), so keys and confirmations take seconds. */
async function shortPrompts(server: SipServer): Promise<void> {
  const samples = new Int16Array(2400);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(2000 * Math.sin((2 * Math.PI * 523 * i) / 8000));
  const header = media.wavHeader({ dataLength: samples.byteLength });
  const wav = Buffer.concat([Buffer.from(header), Buffer.from(samples.buffer)]);
  for (const id of Object.keys(PROMPTS) as PromptId[]) {
    const res = await fetch(new URL(`/api/v1/centers/${CENTER}/prompts/${id}/ja`, server.url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'audio/wav' },
      body: wav,
    });
    if (res.status !== 200) throw new Error(`prompt ${id}: ${res.status} ${await res.text()}`);
  }
}

/** Agents on SIP desk phones, all registered from `port` (one SIPp UAS answers for all). */
async function registeredAgents(server: SipServer, sipPort: number, port: number, n: number) {
  const ids: string[] = [];
  for (let i = 1; i <= n; i += 1) {
    const id = `fair-${String(i).padStart(3, '0')}`;
    const user = `fair${i}`;
    const password = `fairness phone ${i} secret`;
    ids.push(id);
    await ok(server, 'POST', '/api/v1/agents', { id, centerId: CENTER, name: `Fairness ${i}` });
    await ok(server, 'PUT', `/api/v1/centers/${CENTER}/sip-accounts/${user}`, {
      password,
      agentId: id,
    });
    await ok(server, 'PATCH', `/api/v1/agents/${id}`, {
      device: { kind: 'sip', aor: `sip:${user}@tsunagu` },
    });
    const reg = await runSipp({
      scenario: 'phone-register.xml',
      remote: { host: '127.0.0.1', port: sipPort },
      localPort: port,
      keys: { user },
      auth: { username: user, password },
    });
    if (reg.code !== 0) throw new Error(`${user} did not register\n${describeRun(reg)}`);
  }
  return ids;
}

/** The injection files: callers (Poisson start times) and the phones' talk times. */
function traffic(plan: FairnessPlan, ratePerSec: number) {
  const rng = new Random(plan.seed, 11);
  const callers = ['SEQUENTIAL'];
  let t = 0;
  for (let i = 0; i < plan.calls; i += 1) {
    t += rng.exponential(1000 / ratePerSec);
    const callback = rng.next() < plan.callbackShare;
    const impatient = !callback && rng.next() < IMPATIENT_SHARE;
    const last = callback && rng.next() < NO_ANSWER_SHARE ? 3 : 1;
    // Mobile numbers, unique per caller; the last digit tells the customer phone what to do.
    const number = `090${String(1_000_000 + i).padStart(7, '0')}${last}`;
    const patience = callback ? 60 : impatient ? Math.round(20 + 40 * rng.next()) : 3600;
    // SIPp starts call i at i × 100 ms; the call waits until its Poisson time to INVITE.
    const delay = Math.max(0, Math.round(t - i * 100));
    callers.push(`${number};${callback ? 1 : 0};${patience};${delay};`);
  }
  const talk = ['SEQUENTIAL'];
  for (let i = 0; i < plan.calls * 2; i += 1)
    talk.push(
      `${Math.min(TALK_CAP_MS, Math.max(1000, Math.round(rng.exponential(plan.talkSec * 1000))))};`,
    );
  return { callers: `${callers.join('\n')}\n`, talk: `${talk.join('\n')}\n`, lastAt: t };
}

/** Every committed event, from the event API (the node's store), in order. */
async function committedEvents(server: SipServer): Promise<DomainEvent[]> {
  const out: DomainEvent[] = [];
  let after = 0;
  for (;;) {
    const body = (await ok(server, 'GET', `/api/v1/events?after=${after}&limit=1000`)) as {
      events: { id: number; at: string; data: Record<string, unknown> }[];
      nextAfter: number;
    };
    for (const m of body.events)
      out.push({ ...m.data, at: Number(m.data.at ?? Date.parse(m.at)) } as unknown as DomainEvent);
    if (body.events.length < 1000) return out;
    after = body.nextAfter;
  }
}

/** The three checks over the events; the capacity check runs wherever the event time moves on. */
function check(events: readonly DomainEvent[]) {
  const inversions = new OrderInversions();
  const capacity = new CallbackCapacity();
  const ewt = new EwtAccuracy();
  let at: number | null = null;
  let answered = 0;
  let abandoned = 0;
  let requested = 0;
  let connected = 0;
  for (const e of events) {
    if (at !== null && e.at !== at) capacity.checkpoint();
    at = e.at;
    inversions.add(e);
    capacity.add(e);
    if (e.type === 'queue.announced' || e.type === 'queue.left') ewt.add(e);
    if (e.type === 'queue.left' && !e.wasCallback) {
      if (e.reason === 'answered') answered += 1;
      if (e.reason === 'abandoned') abandoned += 1;
    }
    if (e.type === 'callback.requested') requested += 1;
    if (e.type === 'callback.completed' && e.outcome === 'connected') connected += 1;
  }
  capacity.checkpoint();
  return { inversions, capacity, ewt, answered, abandoned, requested, connected };
}

export async function fairnessRun(
  plan: FairnessPlan,
  log: (text: string) => void,
): Promise<FairnessResult> {
  const started = Date.now();
  const ratePerSec = (plan.load * plan.agents) / plan.talkSec;
  const sipPort = await freeUdpPort();
  const customersPort = await freeUdpPort();
  const phonesPort = await freeUdpPort();
  const server = await startSipServer({
    cpu: null,
    sipPort,
    outboundPort: customersPort,
    maxLegs: 100_000,
    logLevel: plan.logLevel,
    nodeFlags: [],
    databaseUrl: plan.databaseUrl,
    rtpIo: plan.rtpIo,
  });
  const sipps: SippProcess[] = [];
  try {
    await shortPrompts(server);
    const members = await registeredAgents(server, sipPort, phonesPort, plan.agents);
    await ok(server, 'PATCH', `/api/v1/queues/${QUEUE}`, {
      maxSize: 100_000,
      maxWaitSec: 3600,
      wrapUpSec: 0,
      afterCallStatus: 'available',
      announceIntervalSec: 15,
      members,
      callback: {
        enabled: true,
        mode: 'customer-first',
        minWaiting: 1,
        key: '1',
        dialTimeoutSec: 15,
      },
    });
    const { callers, talk, lastAt } = traffic(plan, ratePerSec);
    const runFor = Math.round(lastAt / 1000) + 900;
    const phones = await startSipp({
      scenario: resolve(SCENARIOS, 'fairness-agent.xml'),
      localPort: phonesPort,
      inf: talk,
      calls: plan.calls * 2,
      rtpEcho: true,
      timeoutSec: runFor,
    });
    sipps.push(phones);
    const customers = await startSipp({
      scenario: 'customer-phone.xml',
      localPort: customersPort,
      keys: { user: 'customer' },
      calls: plan.calls,
      rtpEcho: true,
      timeoutSec: runFor,
      files: {
        'press-1.pcap': keyPressPcap({ digit: '1', timestamp: 80_000, sequence: 500 }),
        'press-2.pcap': keyPressPcap({ digit: '2', timestamp: 80_000, sequence: 500 }),
      },
    });
    sipps.push(customers);
    for (const id of members)
      await ok(server, 'POST', `/api/v1/agents/${id}/status`, { status: 'available' });
    log(
      `  ${plan.agents} agents on registered phones; ${plan.calls} callers at ${ratePerSec.toFixed(2)}/s (load ${plan.load}), ~${Math.round(lastAt / 60_000)} min`,
    );
    const callerRun = await startSipp({
      scenario: resolve(SCENARIOS, 'fairness-caller.xml'),
      remote: { host: '127.0.0.1', port: sipPort },
      service: QUEUE_NUMBER,
      inf: callers,
      calls: plan.calls,
      rtpEcho: true,
      timeoutSec: runFor,
      files: {
        'key-1.pcap': keysPcap('1', { timestamp: 1_000_000, sequence: 1000 }),
        'key-2.pcap': keysPcap('1', { timestamp: 2_000_000, sequence: 2000 }),
      },
      extraArgs: ['-r', '10', '-rp', '1000', '-l', String(plan.calls)],
    });
    sipps.push(callerRun);
    const callersDone = await callerRun.done;
    // Callbacks still pending are served after the last caller: wait for the line to empty.
    await settle(server, 300_000);
    await sleep(2_000);
    const events = await committedEvents(server);
    const c = check(events);
    phones.kill();
    customers.kill();
    const phonesDone = await phones.done;
    return {
      seed: plan.seed,
      calls: plan.calls,
      agents: plan.agents,
      ratePerSec,
      answered: c.answered,
      abandoned: c.abandoned,
      callbacksRequested: c.requested,
      callbacksConnected: c.connected,
      assignments: c.inversions.assignments,
      inversions: c.inversions.inversions,
      capacity: c.capacity.figures(),
      ewt: c.ewt.figures(),
      events: events.length,
      sippExit: { callers: callersDone.code, phones: phonesDone.code },
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    for (const s of sipps) s.kill();
    await server.stop();
  }
}

const f = (x: number | null, digits = 1) => (x === null ? '–' : x.toFixed(digits));

/** Markdown rows for docs/benchmarks.md. */
export function fairnessTable(results: readonly FairnessResult[]): string[] {
  return [
    '| seed | calls | agents | arrivals/s | answered | abandoned | callbacks requested / connected | assignments | inversions | max(in flight − free) | checkpoints with callbacks in flight | EWT samples | EWT median rel. error | median abs. error / median wait | median wait s | median signed error s |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.seed} | ${r.calls} | ${r.agents} | ${r.ratePerSec.toFixed(2)} | ${r.answered} | ${r.abandoned} | ${r.callbacksRequested} / ${r.callbacksConnected} | ${r.assignments} | ${r.inversions} | ${r.capacity.maxExcess ?? '–'} | ${r.capacity.checkpointsWithCallbacksInFlight} | ${r.ewt.samples} | ${f(r.ewt.medianRelativeError === null ? null : r.ewt.medianRelativeError * 100)}% | ${f(r.ewt.medianAbsErrorOverMedianWait === null ? null : r.ewt.medianAbsErrorOverMedianWait * 100)}% | ${f(r.ewt.medianActualWaitSec)} | ${f(r.ewt.medianSignedErrorSec)} |`,
    ),
  ];
}
