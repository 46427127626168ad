import { describe, it, expect } from 'vitest';
import type { CallbackState, DomainEvent } from '@tsunagu/domain';
import { OrderInversions } from '../../src/simulate/index.js';

/** Hand-built events in the engine's shapes, to show the oracle sees what it must. */
const joined = (entryId: string, at: number, queueId = 'q'): DomainEvent => ({
  type: 'queue.joined',
  at,
  queueId,
  entryId,
  callId: `call-${entryId}`,
  callbackId: null,
  firstJoinedAt: at,
  position: 1,
  estimatedWaitMs: null,
});
const assigned = (
  entryId: string,
  queueId = 'q',
  agentId = 'a',
  mode: 'offer' | 'callback-release' = 'offer',
): DomainEvent => ({
  type: 'queue.assigned',
  at: 100,
  queueId,
  entryId,
  agentId,
  firstJoinedAt: 0,
  mode,
});
const offered = (entryId: string, offerId: string): DomainEvent => ({
  type: 'offer.created',
  at: 100,
  offerId,
  entryId,
  agentId: 'a',
  callId: `call-${entryId}`,
  origin: 'inbound',
  customerNumber: '09011112222',
  expiresAt: 200,
});
const missed = (offerId: string): DomainEvent => ({
  type: 'offer.missed',
  at: 150,
  offerId,
  agentId: 'a',
  callId: 'x',
  reason: 'timeout',
});
const requested = (entryId: string, callbackId: string): DomainEvent => ({
  type: 'callback.requested',
  centerId: 'c',
  callerId: '0312345678',
  seq: 0,
  at: 50,
  callbackId,
  queueId: 'q',
  number: '+819011112222',
  requestCallId: `call-${entryId}`,
  firstJoinedAt: 0,
  dueAt: null,
});
const cbState = (callbackId: string, from: CallbackState, to: CallbackState): DomainEvent => ({
  type: 'callback.state-changed',
  at: 60,
  callbackId,
  from,
  to,
});

function count(events: DomainEvent[]): number {
  const oracle = new OrderInversions();
  events.forEach((e) => oracle.add(e));
  return oracle.inversions;
}

describe('first-join order oracle', () => {
  it('[BEY-05] counts a later entry served while an earlier one was eligible', () => {
    expect(count([joined('e1', 0), joined('e2', 10), assigned('e1')])).toBe(0);
    expect(count([joined('e1', 0), joined('e2', 10), assigned('e2')])).toBe(1);
    expect(count([joined('e1', 0), joined('e2', 5), joined('e3', 10), assigned('e3')])).toBe(2);
    // Another queue's entries are not compared.
    expect(count([joined('e1', 0, 'other'), joined('e2', 10), assigned('e2')])).toBe(0);
  });

  it('[AGT-02] an earlier entry with an offer outstanding is not passed over; once missed, it is again', () => {
    const base = [joined('e1', 0), joined('e2', 10), assigned('e1'), offered('e1', 'o1')];
    expect(count([...base, assigned('e2')])).toBe(0);
    expect(count([...base, missed('o1'), assigned('e2')])).toBe(1);
  });

  it('[QCB-02] a callback keeps its place: eligible while pending or waiting for an agent, not while dialled', () => {
    const base = [joined('e1', 0), joined('e2', 10), requested('e1', 'cb1')];
    expect(count([...base, assigned('e2')])).toBe(1);
    const dialling = [...base, cbState('cb1', 'pending', 'dialing-customer')];
    expect(count([...dialling, assigned('e2')])).toBe(0);
    const waiting = [
      ...dialling,
      cbState('cb1', 'dialing-customer', 'awaiting-confirmation'),
      cbState('cb1', 'awaiting-confirmation', 'waiting-agent'),
    ];
    expect(count([...waiting, assigned('e2')])).toBe(1);
  });

  it('[QCB-05] an agent held for a released callback can take only that callback: no inversion', () => {
    // H waits; the callback behind it is released against agent r while H rings agent x.
    const events = [
      joined('h', 0),
      joined('c', 10),
      requested('c', 'cb'),
      assigned('h', 'q', 'x'),
      offered('h', 'o1'),
      assigned('c', 'q', 'r', 'callback-release'),
      cbState('cb', 'pending', 'dialing-customer'),
      missed('o1'),
      cbState('cb', 'dialing-customer', 'awaiting-confirmation'),
      cbState('cb', 'awaiting-confirmation', 'waiting-agent'),
    ];
    expect(count([...events, assigned('c', 'q', 'r')])).toBe(0);
    // Any other agent could have taken H first.
    expect(count([...events, assigned('c', 'q', 'y')])).toBe(1);
    // Once r is no longer available the reservation is gone.
    const away: DomainEvent = {
      type: 'agent.status-changed',
      at: 90,
      agentId: 'r',
      from: 'available',
      to: 'break',
      reason: null,
    };
    expect(count([...events, away, assigned('c', 'q', 'r')])).toBe(1);
  });

  it('[BEY-05] an entry that left the queue no longer counts', () => {
    const leftEvent: DomainEvent = {
      type: 'queue.left',
      at: 20,
      queueId: 'q',
      entryId: 'e1',
      reason: 'abandoned',
      firstJoinedAt: 0,
      waitMs: 20,
      wasCallback: false,
    };
    expect(count([joined('e1', 0), joined('e2', 10), leftEvent, assigned('e2')])).toBe(0);
  });
});
