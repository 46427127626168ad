import type { DomainEvent } from '@tsunagu/domain';
import type { TestNode } from '../support/test-node.js';
import { TOKYO } from './resources-helpers.js';

/** Domain events of a past period for the report tests, stored as the event store stores them. */

type Event = DomainEvent;
export const at = (iso: string) => new Date(iso).getTime();

/** Stores events as the event store does (the columns reports filter on, the JSON they fold). */
export async function store(t: TestNode, events: Event[]): Promise<void> {
  for (const e of events) {
    const d = e as unknown as Record<string, unknown>;
    const s = (v: unknown) => (typeof v === 'string' ? v : null);
    await t.node.db.query(
      `INSERT INTO events (id, at, type, center_id, queue_id, call_id, agent_id, data)
       VALUES (nextval('events_id_seq'), $1, $2, $3, $4, $5, $6, $7)`,
      [
        new Date(e.at),
        e.type,
        s(d.centerId),
        s(d.queueId),
        s(d.callId),
        s(d.agentId),
        JSON.stringify(e),
      ],
    );
  }
}

/** One callback's events: the request call, the request, `dials` callback calls, an outcome. */
export function callback(
  id: string,
  queueId: string,
  requestedAt: number,
  dials: number,
  outcome: 'connected' | 'no-answer-or-declined' | 'accepted-not-connected' | 'no-callback' | null,
  completedAt = requestedAt + 60_000,
): Event[] {
  const events: Event[] = [
    {
      at: requestedAt,
      type: 'call.ended',
      callId: `${id}-in`,
      kind: 'inbound',
      reason: 'callback-requested',
      agentId: null,
      queueId,
    },
    {
      at: requestedAt,
      type: 'callback.requested',
      callbackId: id,
      centerId: TOKYO,
      queueId,
      number: '+819000000000',
      callerId: '0312345678',
      requestCallId: `${id}-in`,
      firstJoinedAt: requestedAt - 30_000,
      seq: 1,
      dueAt: null,
    },
  ];
  for (let i = 1; i <= dials; i += 1)
    events.push({
      at: requestedAt + i * 1000,
      type: 'call.created',
      callId: `${id}-out-${i}`,
      kind: 'callback',
      centerId: TOKYO,
      customerNumber: '+819000000000',
      ourNumber: '0312345678',
      queueId,
      callbackId: id,
    });
  if (outcome)
    events.push({
      at: completedAt,
      type: 'callback.completed',
      callbackId: id,
      queueId,
      outcome,
      reason: outcome === 'connected' ? 'connected' : 'expired',
      firstJoinedAt: requestedAt - 30_000,
      connectedWaitMs: outcome === 'connected' ? 90_000 : null,
    });
  return events;
}

export function live(
  entryId: string,
  queueId: string,
  joinedAt: number,
  left: 'answered' | 'abandoned' | 'voicemail',
  waitMs: number,
): Event[] {
  return [
    {
      at: joinedAt,
      type: 'queue.joined',
      queueId,
      entryId,
      callId: `${entryId}-call`,
      callbackId: null,
      firstJoinedAt: joinedAt,
      position: 1,
      estimatedWaitMs: null,
    },
    {
      at: joinedAt + waitMs,
      type: 'queue.left',
      queueId,
      entryId,
      reason: left,
      firstJoinedAt: joinedAt,
      waitMs,
      wasCallback: false,
    },
  ];
}

export function completed(
  id: string,
  queueId: string,
  atMs: number,
  connectedWaitMs: number | null,
): Event[] {
  return [
    {
      at: atMs - 1,
      type: 'queue.left',
      queueId,
      entryId: `${id}-entry`,
      reason: 'callback-completed',
      firstJoinedAt: atMs - 100_000,
      waitMs: 99_999,
      wasCallback: true,
    },
    {
      at: atMs,
      type: 'callback.completed',
      callbackId: id,
      queueId,
      outcome: connectedWaitMs === null ? 'no-answer-or-declined' : 'connected',
      reason: connectedWaitMs === null ? 'no-answer' : 'connected',
      firstJoinedAt: atMs - 100_000,
      connectedWaitMs,
    },
  ];
}
