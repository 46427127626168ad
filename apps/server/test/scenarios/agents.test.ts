import { describe, expect, it } from 'vitest';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, setup } from '../support/scenario-center.js';
import { IGNORES, REJECTS, callerRequestingCallback } from '../support/scenario-scripts.js';

const A1 = agentId(0);
const A2 = agentId(1);
const A3 = agentId(2);

describe('agent states', () => {
  it('[AGT-01] every status change is logged with its time and reason', () => {
    const sc = setup({ agentCount: 1 });
    const t0 = sc.now();
    const earlier = sc.eventsOf('agent.status-changed').length;
    const busy = sc.setStatus(A1, 'busy', 'ticket processing');
    expect(busy.events).toEqual([
      {
        type: 'agent.status-changed',
        agentId: A1,
        from: 'available',
        to: 'busy',
        reason: 'ticket processing',
        at: t0,
      },
    ]);
    sc.run(90_000);
    sc.setStatus(A1, 'break', 'lunch');
    sc.run(30_000);
    sc.setStatus(A1, 'available');
    const log = sc.eventsOf('agent.status-changed').slice(earlier);
    expect(log.map((e) => [e.to, e.reason, e.at - t0])).toEqual([
      ['busy', 'ticket processing', 0],
      ['break', 'lunch', 90_000],
      ['available', null, 120_000],
    ]);
    expect(sc.agent(A1)).toMatchObject({
      presence: 'available',
      reason: null,
      since: t0 + 120_000,
    });
  });

  it('[AGT-01] a status change is refused while the agent is on a call, and nothing changes', () => {
    const sc = setup({ agentCount: 1 });
    sc.occupy([A1]);
    const before = sc.vc.events.length;
    const result = sc.setStatus(A1, 'break', 'coffee');
    expect(result.error?.code).toBe('CC_ERR_AGENT_BUSY');
    expect(result.events).toEqual([]);
    expect(sc.vc.events.length).toBe(before);
    expect(sc.agent(A1).presence).toBe('on-call');
  });

  it('[AGT-01] a change of reason alone is logged too', () => {
    const sc = setup({ agentCount: 1 });
    sc.setStatus(A1, 'busy', 'ticket processing');
    const again = sc.setStatus(A1, 'busy', 'training');
    expect(again.events).toMatchObject([
      { type: 'agent.status-changed', from: 'busy', to: 'busy', reason: 'training' },
    ]);
  });
});

describe('missed offers', () => {
  it('[AGT-03] a rejecting agent is set off duty and asked; the call goes to the next agent', () => {
    const sc = setup({ agentCount: 3 });
    sc.phones.set(A1, REJECTS);
    const leg = sc.call('09011112222');
    sc.run(1_000);
    const callId = sc.callIdOf(leg);
    const [missed] = sc.eventsOf('offer.missed');
    expect(missed).toMatchObject({ agentId: A1, reason: 'rejected', callId });
    expect(sc.eventsOf('agent.off-duty-prompt')).toEqual([
      { type: 'agent.off-duty-prompt', agentId: A1, offerId: missed!.offerId, at: missed!.at },
    ]);
    expect(sc.agent(A1)).toMatchObject({ presence: 'off-duty', reason: 'rejected-offer' });
    expect(forCall(sc.eventsOf('offer.created'), callId).map((o) => o.agentId)).toEqual([A1, A2]);
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), callId)).toMatchObject([{ agentId: A2 }]);
    // "Start working": the agent is back in routing, first in order again.
    sc.phones.delete(A1);
    expect(sc.setStatus(A1, 'available').error).toBeUndefined();
    const next = sc.call('09011113333');
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(next))).toMatchObject([
      { agentId: A1 },
    ]);
  });

  it('[AGT-03] a ring timeout keeps the caller first in line for the next agent', () => {
    const sc = setup({ agentCount: 2, available: 1 });
    sc.phones.set(A1, IGNORES);
    const t0 = sc.now();
    const first = sc.call('09011112222');
    sc.run(5_000);
    const second = sc.call('09011113333');
    sc.run(20_000);
    const firstId = sc.callIdOf(first);
    expect(sc.eventsOf('offer.missed')).toMatchObject([
      { agentId: A1, reason: 'timeout', at: t0 + 20_000 },
    ]);
    expect(sc.agent(A1)).toMatchObject({ presence: 'off-duty', reason: 'missed-offer' });
    expect(sc.eventsOf('agent.off-duty-prompt')).toHaveLength(1);
    expect(forCall(sc.eventsOf('queue.joined'), firstId)).toHaveLength(1);
    expect(sc.line().map((e) => e.callId)).toEqual([firstId, sc.callIdOf(second)]);
    expect(sc.line()[0]!.firstJoinedAt).toBe(t0);
    sc.setStatus(A2, 'available');
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), firstId)).toMatchObject([{ agentId: A2 }]);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(second))).toHaveLength(0);
  });

  it('[CTI-04] keep-ready: on ring timeout the offer is taken back and given to another ready agent', () => {
    const sc = setup({ agentCount: 2, queue: { ringTimeoutPolicy: 'keep-ready' } });
    sc.phones.set(A1, IGNORES);
    const t0 = sc.now();
    const leg = sc.call('09011112222');
    sc.run(25_000);
    const callId = sc.callIdOf(leg);
    expect(sc.eventsOf('offer.missed')).toMatchObject([
      { agentId: A1, reason: 'timeout', at: t0 + 20_000 },
    ]);
    expect(forCall(sc.eventsOf('offer.created'), callId)).toMatchObject([
      { agentId: A1, at: t0 },
      { agentId: A2, at: t0 + 20_000 },
    ]);
    expect(forCall(sc.eventsOf('call.connected'), callId)).toMatchObject([{ agentId: A2 }]);
    expect(sc.eventsOf('agent.off-duty-prompt')).toHaveLength(0);
    expect(
      sc
        .eventsOf('agent.status-changed')
        .filter((e) => e.agentId === A1)
        .map((e) => e.to),
    ).toEqual(['available', 'ringing', 'available']);
    expect(sc.agent(A1).presence).toBe('available');
  });

  it('[AGT-03] keep-ready with only the agent who missed: the call is offered to them again', () => {
    const sc = setup({ agentCount: 1, queue: { ringTimeoutPolicy: 'keep-ready' } });
    sc.phones.set(A1, IGNORES);
    const leg = sc.call('09011112222');
    sc.run(25_000);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(leg)).map((o) => o.agentId)).toEqual([
      A1,
      A1,
    ]);
  });

  it('[OUT-06] an agent who rejects a callback offer sends it back to routing, to another agent', () => {
    const sc = setup({
      agentCount: 3,
      available: 0,
      queue: { callback: { enabled: true, key: '1', mode: 'agent-first' } },
    });
    sc.call('09033334444', callerRequestingCallback());
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 60_000);
    sc.phones.set(A1, REJECTS);
    sc.setStatus(A1, 'available');
    sc.setStatus(A2, 'available');
    sc.run(1_000);
    const offers = sc.eventsOf('offer.created');
    expect(offers.map((o) => [o.agentId, o.origin])).toEqual([
      [A1, 'callback'],
      [A2, 'callback'],
    ]);
    expect(sc.eventsOf('offer.missed')).toMatchObject([{ agentId: A1, reason: 'rejected' }]);
    const moves = sc.eventsOf('callback.state-changed').map((e) => `${e.from}→${e.to}`);
    expect(moves.slice(0, 3)).toEqual([
      'pending→offering-agent',
      'offering-agent→pending',
      'pending→offering-agent',
    ]);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(0);
    sc.run(10_000);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(1);
    expect(sc.eventsOf('call.connected')).toMatchObject([{ agentId: A2 }]);
    expect(sc.agent(A3).presence).toBe('logged-out');
  });
});
