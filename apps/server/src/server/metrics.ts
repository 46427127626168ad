import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AGENT_PRESENCES, type AgentPresence, type EngineState } from '@tsunagu/domain';
import type { CommitStore, EventSink } from '../runtime/engine-runner.js';

/** What the metrics read from a running node; gauges are computed at scrape time. */
export interface MetricsSource {
  readonly state: EngineState;
  /** The runner's running totals (read at scrape time). */
  engineCounts(): { readonly inputsHandled: number; readonly eventsEmitted: number };
  now(): number;
  draining(): boolean;
  /** The SIP side's live legs and registered phones; absent when SIP is off. */
  sip?(): { readonly legs: number; readonly registeredPhones: number } | null;
}

/**
 * The Prometheus metrics of one node (docs/operations.md lists them). Live figures (queue
 * lengths, oldest wait, agents by presence, live calls) are read from the engine state when
 * scraped; outcomes (calls by end reason, callbacks by outcome) are counted from committed
 * events; the commit path is timed; Node's default metrics add event-loop delay, memory, GC.
 * One registry per node, so several nodes can run in one process (tests).
 */
export class NodeMetrics {
  readonly registry = new Registry();
  private readonly callsCreated: Counter<'kind'>;
  private readonly callsEnded: Counter<'kind' | 'reason'>;
  private readonly callbacksRequested: Counter<'queue'>;
  private readonly callbacksCompleted: Counter<'queue' | 'outcome'>;
  private readonly refused: Counter<'reason'>;
  private readonly commitSeconds: Histogram;
  private readonly commitBatch: Histogram;

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    new Gauge({
      name: 'tsunagu_queue_waiting',
      help: 'Entries waiting in each queue: live callers (kind=call) and callback requests (kind=callback)',
      labelNames: ['center', 'queue', 'kind'],
      registers,
      collect() {
        this.reset();
        for (const [queueId, line] of source.state.lines) {
          const centerId = source.state.queues.get(queueId)?.centerId ?? '';
          const callbacks = line.filter((e) => e.callbackId !== null).length;
          this.set({ center: centerId, queue: queueId, kind: 'call' }, line.length - callbacks);
          this.set({ center: centerId, queue: queueId, kind: 'callback' }, callbacks);
        }
      },
    });
    new Gauge({
      name: 'tsunagu_queue_oldest_wait_seconds',
      help: 'How long the first entry of each queue has waited since it first joined (0 when empty)',
      labelNames: ['center', 'queue'],
      registers,
      collect() {
        this.reset();
        const now = source.now();
        for (const [queueId, line] of source.state.lines) {
          const centerId = source.state.queues.get(queueId)?.centerId ?? '';
          let first = now;
          for (const e of line) first = Math.min(first, e.firstJoinedAt);
          const wait = Math.max(0, now - first) / 1000;
          this.set({ center: centerId, queue: queueId }, wait);
        }
      },
    });
    new Gauge({
      name: 'tsunagu_agents',
      help: 'Agents by presence (AGT-01)',
      labelNames: ['center', 'presence'],
      registers,
      collect() {
        this.reset();
        const counts = new Map<string, Map<AgentPresence, number>>();
        for (const centerId of source.state.centers.keys())
          counts.set(centerId, new Map(AGENT_PRESENCES.map((p) => [p, 0])));
        for (const agent of source.state.agents.values()) {
          const byPresence = counts.get(agent.centerId);
          if (byPresence) byPresence.set(agent.presence, (byPresence.get(agent.presence) ?? 0) + 1);
        }
        for (const [center, byPresence] of counts)
          for (const [presence, n] of byPresence) this.set({ center, presence }, n);
      },
    });
    new Gauge({
      name: 'tsunagu_calls_live',
      help: 'Calls in progress by kind',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        const counts = { inbound: 0, callback: 0, outbound: 0, transfer: 0 };
        for (const call of source.state.calls.values()) counts[call.kind] += 1;
        for (const [kind, n] of Object.entries(counts)) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: 'tsunagu_callbacks_open',
      help: 'Open callback requests by state (pending, scheduled, dialing-customer, ...)',
      labelNames: ['queue', 'state'],
      registers,
      collect() {
        this.reset();
        for (const cb of source.state.callbacks.values())
          this.inc({ queue: cb.queueId, state: cb.state });
      },
    });
    new Gauge({
      name: 'tsunagu_draining',
      help: '1 while the node drains for shutdown and takes no new calls',
      registers,
      collect() {
        this.set(source.draining() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'tsunagu_sip_legs',
      help: 'Live SIP legs (callers, agents’ phones, customers called back)',
      registers,
      collect() {
        this.set(source.sip?.()?.legs ?? 0);
      },
    });
    new Gauge({
      name: 'tsunagu_sip_registered_phones',
      help: 'Agents’ phones with a live registration',
      registers,
      collect() {
        this.set(source.sip?.()?.registeredPhones ?? 0);
      },
    });
    let inputsSeen = 0;
    new Counter({
      name: 'tsunagu_engine_inputs_total',
      help: 'Inputs the engine handled (API commands, telephony events, timers)',
      registers,
      collect() {
        this.inc(source.engineCounts().inputsHandled - inputsSeen);
        inputsSeen = source.engineCounts().inputsHandled;
      },
    });
    let eventsSeen = 0;
    new Counter({
      name: 'tsunagu_engine_events_total',
      help: 'Domain events the engine emitted',
      registers,
      collect() {
        this.inc(source.engineCounts().eventsEmitted - eventsSeen);
        eventsSeen = source.engineCounts().eventsEmitted;
      },
    });
    this.callsCreated = new Counter({
      name: 'tsunagu_calls_total',
      help: 'Calls created, by kind (inbound, callback, outbound)',
      labelNames: ['kind'],
      registers,
    });
    this.callsEnded = new Counter({
      name: 'tsunagu_calls_ended_total',
      help: 'Calls ended, by kind and end reason',
      labelNames: ['kind', 'reason'],
      registers,
    });
    this.callbacksRequested = new Counter({
      name: 'tsunagu_callbacks_requested_total',
      help: 'Callback requests taken (QCB-02)',
      labelNames: ['queue'],
      registers,
    });
    this.callbacksCompleted = new Counter({
      name: 'tsunagu_callbacks_completed_total',
      help: 'Callback requests completed, by outcome (QCB-14)',
      labelNames: ['queue', 'outcome'],
      registers,
    });
    this.refused = new Counter({
      name: 'tsunagu_calls_refused_total',
      help: 'Inbound calls refused: admission (draining, capacity, sip-capacity) or SIP authentication (forbidden, unauthenticated)',
      labelNames: ['reason'],
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'tsunagu_commit_duration_seconds',
      help: 'Time to commit one batch of engine output (events, rows, durable timers)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.commitBatch = new Histogram({
      name: 'tsunagu_commit_batch_inputs',
      help: 'Engine inputs committed together in one transaction (group commit, ADR 10)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
  }

  /** Counts outcomes from committed events. */
  readonly sink: EventSink = (events) => {
    for (const e of events) {
      if (e.type === 'call.created') this.callsCreated.inc({ kind: e.kind });
      else if (e.type === 'call.ended') this.callsEnded.inc({ kind: e.kind, reason: e.reason });
      else if (e.type === 'callback.requested') this.callbacksRequested.inc({ queue: e.queueId });
      else if (e.type === 'callback.completed')
        this.callbacksCompleted.inc({ queue: e.queueId, outcome: e.outcome });
    }
  };

  refusedCall(
    reason: 'draining' | 'capacity' | 'sip-capacity' | 'forbidden' | 'unauthenticated',
  ): void {
    this.refused.inc({ reason });
  }

  /** Wraps a commit store to time each commit and count the inputs it carried. */
  timed(store: CommitStore): CommitStore {
    return {
      commit: async (batch, engineSeq) => {
        const stop = this.commitSeconds.startTimer();
        try {
          return await store.commit(batch, engineSeq);
        } finally {
          stop();
          this.commitBatch.observe(batch.length);
        }
      },
    };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
