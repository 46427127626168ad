import { describe, expect, it } from 'vitest';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, setup, type Scenario } from '../support/scenario-center.js';
import { holdingCaller } from '../support/scenario-scripts.js';

const A1 = agentId(0);
const A2 = agentId(1);

/** Agent 1 talks to a caller who hangs up after 10 s while a second caller waits. */
function callThenWaiting(sc: Scenario): { waiting: string; endedAt: number; callId: string } {
  const talker = sc.call('09011112222', holdingCaller({}, 10_000));
  sc.run(3_000);
  const waiting = sc.call('09011113333');
  sc.runUntil(() => sc.eventsOf('call.ended').length === 1, 60_000);
  const ended = sc.eventsOf('call.ended')[0]!;
  expect(ended.callId).toBe(sc.callIdOf(talker));
  return { waiting, endedAt: ended.at, callId: ended.callId };
}

describe('outbound dialling', () => {
  it('[AGT-05] the caller ID must be one of the center numbers; nothing happens otherwise', () => {
    const sc = setup({ agentCount: 1 });
    const result = sc.submit({
      type: 'agent.dial',
      agentId: A1,
      to: '0355550000',
      callerId: '0311112222',
    });
    expect(result.error?.code).toBe('CC_ERR_CALLER_ID_NOT_ALLOWED');
    expect(result.events).toEqual([]);
    expect(sc.agent(A1).lastCallerId).toBeNull();
    sc.run(10_000);
    expect(sc.commands.filter((c) => c.type === 'leg.originate')).toHaveLength(0);
  });

  it('[AGT-05] dialling while available shows dialing then on call, and the caller ID is remembered', () => {
    const sc = setup({ agentCount: 1 });
    const t0 = sc.now();
    sc.ok({ type: 'agent.dial', agentId: A1, to: '0355550000', callerId: '0698765432' });
    expect(sc.agent(A1)).toMatchObject({ presence: 'dialing', lastCallerId: '0698765432' });
    sc.run(10_000);
    const dials = sc.commands.filter((c) => c.type === 'leg.originate');
    expect(dials.map((c) => [c.target, c.callerId])).toEqual([
      [{ kind: 'agent', agentId: A1 }, '0698765432'],
      [{ kind: 'number', number: '+81355550000' }, '0698765432'],
    ]);
    expect(sc.eventsOf('call.connected')).toMatchObject([{ agentId: A1, queueId: null }]);
    sc.run(120_000);
    const moves = sc.eventsOf('agent.status-changed').filter((e) => e.at >= t0 && e.agentId === A1);
    expect(moves.slice(-3).map((e) => e.to)).toEqual(['dialing', 'on-call', 'available']);
    expect(sc.eventsOf('call.ended')).toMatchObject([{ kind: 'outbound' }]);
    expect(sc.agent(A1).lastCallerId).toBe('0698765432');
  });

  it('[AGT-05] dialling while off duty keeps the agent off duty throughout', () => {
    const sc = setup({ agentCount: 1 });
    sc.setStatus(A1, 'off-duty');
    const changes = sc.eventsOf('agent.status-changed').length;
    sc.ok({ type: 'agent.dial', agentId: A1, to: '0355550000', callerId: '0312345678' });
    sc.run(10_000);
    expect(sc.eventsOf('call.connected')).toHaveLength(1);
    expect(sc.agent(A1).presence).toBe('off-duty');
    sc.run(120_000);
    expect(sc.eventsOf('call.ended')).toHaveLength(1);
    expect(sc.eventsOf('agent.status-changed')).toHaveLength(changes);
    expect(sc.agent(A1).presence).toBe('off-duty');
  });
});

describe('wrap-up', () => {
  it('[AGT-06] wrap-up follows each call with a countdown end; no offers until it ends', () => {
    const sc = setup({ agentCount: 1, queue: { wrapUpSec: 30 } });
    const { waiting, endedAt, callId } = callThenWaiting(sc);
    expect(sc.eventsOf('agent.wrap-up-started')).toEqual([
      { type: 'agent.wrap-up-started', agentId: A1, callId, endsAt: endedAt + 30_000, at: endedAt },
    ]);
    expect(sc.agent(A1).presence).toBe('wrap-up');
    sc.vc.scheduler.runUntil(endedAt + 29_999);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(waiting))).toHaveLength(0);
    sc.run(1);
    expect(sc.eventsOf('agent.wrap-up-ended')).toMatchObject([
      { agentId: A1, early: false, at: endedAt + 30_000 },
    ]);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(waiting))).toMatchObject([
      { at: endedAt + 30_000 },
    ]);
  });

  it('[AGT-06] the end-wrap-up button ends it early and the next offer comes at once', () => {
    const sc = setup({ agentCount: 1, queue: { wrapUpSec: 120 } });
    const { waiting, endedAt } = callThenWaiting(sc);
    sc.run(5_000);
    sc.ok({ type: 'wrap-up.end', agentId: A1 });
    expect(sc.eventsOf('agent.wrap-up-ended')).toMatchObject([
      { early: true, at: endedAt + 5_000 },
    ]);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(waiting))).toMatchObject([
      { at: endedAt + 5_000 },
    ]);
    expect(sc.submit({ type: 'wrap-up.end', agentId: A1 }).error?.code).toBe(
      'CC_ERR_NOT_IN_WRAP_UP',
    );
  });

  it('[AGT-06] any status change ends wrap-up early; the stale countdown changes nothing', () => {
    const sc = setup({ agentCount: 1, queue: { wrapUpSec: 60 } });
    const { waiting } = callThenWaiting(sc);
    sc.run(5_000);
    expect(sc.setStatus(A1, 'break', 'coffee').error).toBeUndefined();
    expect(sc.eventsOf('agent.wrap-up-ended')).toMatchObject([{ early: true }]);
    sc.run(120_000);
    expect(sc.agent(A1)).toMatchObject({ presence: 'break', reason: 'coffee' });
    expect(sc.eventsOf('agent.wrap-up-ended')).toHaveLength(1);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(waiting))).toHaveLength(0);
  });
});

describe('after the call', () => {
  it('[CTI-09] afterCallStatus busy keeps the agent busy and unrouted until they choose available', () => {
    const sc = setup({ agentCount: 1, queue: { afterCallStatus: 'busy' } });
    const { waiting } = callThenWaiting(sc);
    expect(sc.agent(A1)).toMatchObject({ presence: 'busy', reason: 'after-call-work' });
    sc.run(10 * 60_000);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(waiting))).toHaveLength(0);
    sc.setStatus(A1, 'available');
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(waiting))).toMatchObject([
      { agentId: A1 },
    ]);
  });

  it('[CTI-09] with wrap-up time too, the agent goes busy when the wrap-up ends', () => {
    const sc = setup({ agentCount: 1, queue: { afterCallStatus: 'busy', wrapUpSec: 20 } });
    const { endedAt } = callThenWaiting(sc);
    sc.run(25_000);
    const last = sc.eventsOf('agent.status-changed').at(-1)!;
    expect(last).toMatchObject({
      from: 'wrap-up',
      to: 'busy',
      reason: 'after-call-work',
      at: endedAt + 20_000,
    });
  });
});

describe('dispositions', () => {
  it('[SUP-05] a disposition may be set on the call and again during wrap-up', () => {
    const sc = setup({ agentCount: 1, queue: { wrapUpSec: 60 } });
    const [leg] = sc.occupy([A1]);
    const callId = sc.callIdOf(leg!);
    expect(
      sc.ok({ type: 'call.set-disposition', agentId: A1, callId, dispositionId: 'follow-up' })
        .events,
    ).toMatchObject([
      { type: 'call.disposition-set', callId, agentId: A1, dispositionId: 'follow-up' },
    ]);
    expect(sc.vc.runner.state.calls.get(callId)?.dispositionId).toBe('follow-up');
    sc.hangUp(A1);
    expect(sc.agent(A1).presence).toBe('wrap-up');
    sc.ok({ type: 'call.set-disposition', agentId: A1, callId, dispositionId: 'resolved' });
    expect(sc.eventsOf('call.disposition-set').map((e) => e.dispositionId)).toEqual([
      'follow-up',
      'resolved',
    ]);
  });

  it('[SUP-05] an unknown disposition or someone else’s call is refused', () => {
    const sc = setup({ agentCount: 2 });
    const [leg] = sc.occupy([A1]);
    const callId = sc.callIdOf(leg!);
    const unknown = sc.submit({
      type: 'call.set-disposition',
      agentId: A1,
      callId,
      dispositionId: 'nope',
    });
    expect(unknown.error?.code).toBe('CC_ERR_DISPOSITION_UNKNOWN');
    expect(unknown.events).toEqual([]);
    const other = sc.submit({
      type: 'call.set-disposition',
      agentId: A2,
      callId,
      dispositionId: 'resolved',
    });
    expect(other.error?.code).toBe('CC_ERR_AGENT_NOT_ON_CALL');
    expect(sc.vc.runner.state.calls.get(callId)?.dispositionId).toBeNull();
    expect(sc.eventsOf('call.disposition-set')).toHaveLength(0);
  });
});
