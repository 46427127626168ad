import { describe, expect, it } from 'vitest';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, jst, setup } from '../support/scenario-center.js';
import {
  callerGivingNumber,
  callerRequestingCallback,
  holdingCaller,
} from '../support/scenario-scripts.js';

const A1 = agentId(0);

const FOREIGN_NUMBERS = ['+14155550100#', '01014155550100#'];
const ON_OFF = [true, false];

describe('asking for a callback from the hold queue', () => {
  it('[QCB-01] the offer is announced only when N or more are waiting', () => {
    const sc = setup({
      agentCount: 1,
      queue: { callback: { enabled: true, minWaiting: 2, key: '1' } },
    });
    sc.occupy([A1]);
    const first = sc.call('09011112222');
    sc.run(1_000);
    const second = sc.call('09011113333');
    sc.run(15_000);
    const offered = (leg: string) =>
      forCall(sc.eventsOf('queue.announced'), sc.callIdOf(leg)).map((e) => e.callbackOffered);
    expect(offered(first)).toEqual([false]);
    expect(offered(second)).toEqual([true]);
    expect(sc.prompts(first)).not.toContain('queue.callback-offer');
    expect(sc.prompts(second)).toContain('queue.callback-offer');
  });

  it('[QCB-01] changed settings apply at once to callers already waiting', () => {
    const sc = setup({
      agentCount: 1,
      queue: { callback: { enabled: true, minWaiting: 2, key: '1' } },
    });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(30_000);
    expect(
      sc.updateQueue({ callback: { enabled: true, minWaiting: 1, key: '1' } }).error,
    ).toBeUndefined();
    sc.run(60_000);
    const offered = forCall(sc.eventsOf('queue.announced'), sc.callIdOf(leg)).map(
      (e) => e.callbackOffered,
    );
    expect(offered).toEqual([false, true]);
    sc.vc.telephony.press(leg, '1');
    sc.run(500);
    expect(sc.prompts(leg).at(-1)).toBe('callback.confirm-menu');
  });

  it('[QCB-02] pressing the key plays a confirmation, ends the call, and keeps the place in line', () => {
    const sc = setup({ agentCount: 1 });
    sc.occupy([A1]);
    const ahead = sc.call('09011112222');
    sc.run(1_000);
    const leg = sc.call('09033334444', callerRequestingCallback());
    sc.run(5_000);
    const before = sc.line().map((e) => e.id);
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 60_000);
    sc.run(5_000);
    const callId = sc.callIdOf(leg);
    const [requested] = sc.eventsOf('callback.requested');
    const joined = forCall(sc.eventsOf('queue.joined'), callId)[0]!;
    expect(sc.prompts(leg).slice(-2)).toEqual(['callback.confirm-menu', 'callback.confirmed']);
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([
      { reason: 'callback-requested' },
    ]);
    expect(requested).toMatchObject({ requestCallId: callId, firstJoinedAt: joined.firstJoinedAt });
    expect(sc.line().map((e) => e.id)).toEqual(before);
    expect(sc.line()[1]).toMatchObject({ callId: null, callbackId: requested!.callbackId });

    const later = sc.call('09055556666');
    sc.run(5_000);
    expect(forCall(sc.eventsOf('queue.joined'), sc.callIdOf(later))).toMatchObject([
      { position: 3 },
    ]);
    // Served in the order of the line: the live caller ahead, then the callback, then the later caller.
    sc.hangUp(A1);
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(ahead))).toHaveLength(1);
    sc.hangUp(A1);
    sc.run(30_000);
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'connected' }]);
    expect(forCall(sc.eventsOf('offer.created'), sc.callIdOf(later))).toHaveLength(0);
  });

  it('[QCB-03] press 2 to give another number ended by #; an invalid one is asked again', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    const leg = sc.call('09011112222', callerGivingNumber(['0120#', '08012345678#']));
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 120_000);
    expect(sc.eventsOf('callback.refused')).toMatchObject([
      { number: '0120', code: 'CC_ERR_NUMBER_INVALID' },
    ]);
    const p = sc.prompts(leg);
    expect(p.filter((x) => x === 'callback.enter-number')).toHaveLength(2);
    expect(p).toContain('callback.number-invalid');
    expect(sc.eventsOf('callback.requested')).toMatchObject([{ number: '+818012345678' }]);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.run(10_000);
    const dials = sc.commands.filter(
      (c) => c.type === 'leg.originate' && c.target.kind === 'number',
    );
    expect(dials).toMatchObject([{ target: { kind: 'number', number: '+818012345678' } }]);
  });

  it('[QCB-03] a caller who never types a valid number keeps waiting without a request', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    const leg = sc.call('09011112222', callerGivingNumber(['12#', '34#', '56#']));
    sc.run(50_000);
    expect(sc.eventsOf('callback.refused')).toHaveLength(3);
    expect(sc.eventsOf('callback.requested')).toHaveLength(0);
    expect(sc.vc.runner.state.calls.get(sc.callIdOf(leg))?.state).toBe('queued');
    expect(sc.line()).toHaveLength(1);
  });

  it('[QCB-07] a second request from the same number is refused with a message; the caller keeps waiting', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    sc.call('09011112222', callerRequestingCallback());
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 60_000);
    sc.run(5_000);
    const again = sc.call('09011112222', holdingCaller({ 'queue.callback-offer': '1' }));
    sc.run(20_000);
    const callId = sc.callIdOf(again);
    expect(sc.eventsOf('callback.refused')).toMatchObject([
      { callId, code: 'CC_ERR_CALLBACK_DUPLICATE' },
    ]);
    expect(sc.prompts(again)).toContain('callback.already-requested');
    expect(sc.prompts(again)).not.toContain('callback.confirm-menu');
    expect(sc.eventsOf('callback.requested')).toHaveLength(1);
    expect(sc.vc.runner.state.calls.get(callId)?.state).toBe('queued');
    expect(sc.line().map((e) => e.callId)).toContain(callId);
  });

  it('[QCB-07] a typed number that already has an open request is refused too', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    sc.call('08012345678', callerRequestingCallback());
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 60_000);
    sc.call('09011112222', callerGivingNumber('08012345678#'));
    sc.run(40_000);
    expect(sc.eventsOf('callback.refused').map((e) => e.code)).toContain(
      'CC_ERR_CALLBACK_DUPLICATE',
    );
    expect(sc.eventsOf('callback.requested')).toHaveLength(1);
  });

  // '010' is Japan's international prefix: what a caller on a keypad types for +1.
  it.each(FOREIGN_NUMBERS)(
    '[QCB-11] an international number (%s) is refused; a domestic one is accepted',
    (foreign) => {
      const sc = setup({ agentCount: 1, available: 0 });
      const leg = sc.call('09011112222', callerGivingNumber([foreign, '0612345678#']));
      sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 120_000);
      expect(sc.eventsOf('callback.refused')).toMatchObject([
        { code: 'CC_ERR_NUMBER_NOT_DOMESTIC' },
      ]);
      expect(sc.prompts(leg)).toContain('callback.number-not-domestic');
      expect(sc.eventsOf('callback.requested')).toMatchObject([{ number: '+81612345678' }]);
    },
  );

  it('[QCB-11] a foreign caller confirming their own number is asked for a domestic one instead', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    const leg = sc.call(
      '+14155550100',
      callerRequestingCallback({ 'callback.enter-number': '09011112222#' }),
    );
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 120_000);
    expect(sc.eventsOf('callback.refused')).toMatchObject([{ code: 'CC_ERR_NUMBER_NOT_DOMESTIC' }]);
    expect(sc.prompts(leg)).toContain('callback.number-not-domestic');
    expect(sc.eventsOf('callback.requested')).toMatchObject([{ number: '+819011112222' }]);
  });

  it.each(ON_OFF)(
    '[QCB-17] the same key for callback and voicemail is refused (callback on=%s)',
    (enabled) => {
      const sc = setup({ agentCount: 1 });
      const before = sc.vc.runner.state.queues.get('support');
      const changes = sc.eventsOf('config.queue-changed').length;
      const result = sc.updateQueue({ voicemailKey: '1', callback: { enabled, key: '1' } });
      expect(result.error?.code).toBe('CC_ERR_KEY_CLASH');
      expect(result.events).toEqual([]);
      expect(sc.vc.runner.state.queues.get('support')).toBe(before);
      expect(sc.eventsOf('config.queue-changed')).toHaveLength(changes);
      expect(
        sc.updateQueue({ voicemailKey: '2', callback: { enabled, key: '1' } }).error,
      ).toBeUndefined();
    },
  );
});

describe('estimated wait and chosen callback times', () => {
  it('[BEY-01] the estimated wait is announced once agents are staffed, non-decreasing in position', () => {
    const sc = setup({ agentCount: 2 });
    sc.occupy([agentId(0), agentId(1)]);
    const legs = ['09011110001', '09011110002', '09011110003', '09011110004'].map((n) =>
      sc.call(n),
    );
    sc.run(65_000);
    const ids = legs.map((l) => sc.callIdOf(l));
    const announced = sc.eventsOf('queue.announced').filter((e) => ids.includes(e.callId));
    const instants = [...new Set(announced.map((e) => e.at))];
    expect(instants).toHaveLength(2);
    for (const at of instants) {
      const now = announced.filter((e) => e.at === at).sort((a, b) => a.position - b.position);
      expect(now.map((e) => e.position)).toEqual([1, 2, 3, 4]);
      const estimates = now.map((e) => e.estimatedWaitMs);
      expect(estimates.every((x) => x !== null && x > 0)).toBe(true);
      for (let i = 1; i < estimates.length; i += 1)
        expect(estimates[i]!).toBeGreaterThanOrEqual(estimates[i - 1]!);
      // One figure for everyone would not be an estimate of *this* caller's wait.
      expect(estimates.at(-1)!).toBeGreaterThan(estimates[0]!);
    }
    const last = announced.at(-1)!;
    const heard = sc.leg(legs[3]!).heard;
    const spoken =
      heard[heard.findLastIndex((p) => p.kind === 'prompt' && p.id === 'queue.estimated-wait') + 1];
    expect(spoken).toEqual({ kind: 'duration', seconds: Math.ceil(last.estimatedWaitMs! / 1000) });
  });

  it('[BEY-01] with nobody staffed no estimate is given', () => {
    const sc = setup({ agentCount: 1, available: 0 });
    const leg = sc.call('09011112222');
    sc.run(15_000);
    expect(sc.eventsOf('queue.announced')).toMatchObject([{ estimatedWaitMs: null }]);
    expect(sc.prompts(leg)).not.toContain('queue.estimated-wait');
  });

  it('[BEY-02] the caller chooses a time by keypad; the callback is not placed before it', () => {
    const sc = setup({
      agentCount: 1,
      available: 0,
      queue: { callback: { enabled: true, key: '1', allowScheduled: true } },
    });
    const leg = sc.call(
      '09011112222',
      holdingCaller({
        'queue.callback-offer': '1',
        'callback.confirm-menu': '3',
        'callback.enter-time': '1500#',
      }),
    );
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 60_000);
    const dueAt = jst(2026, 1, 5, 15, 0);
    expect(sc.eventsOf('callback.requested')).toMatchObject([{ dueAt, firstJoinedAt: dueAt }]);
    sc.run(5_000);
    expect(sc.prompts(leg).at(-1)).toBe('callback.scheduled');
    expect(forCall(sc.eventsOf('call.ended'), sc.callIdOf(leg))).toMatchObject([
      { reason: 'callback-requested' },
    ]);
    sc.ok({ type: 'agent.set-status', agentId: A1, status: 'available' });
    sc.vc.scheduler.runUntil(dueAt - 1);
    expect(sc.eventsOf('callback.attempt')).toHaveLength(0);
    sc.run(60_000);
    expect(sc.eventsOf('callback.attempt')).toMatchObject([{ at: dueAt, attempt: 1 }]);
    expect(sc.eventsOf('callback.completed')).toMatchObject([{ outcome: 'connected' }]);
  });
});

describe('chosen callback times outside business hours', () => {
  it('[BEY-02] a time when the center is closed is refused and asked again', () => {
    const sc = setup({
      agentCount: 1,
      available: 0,
      alwaysOpen: false,
      queue: { callback: { enabled: true, key: '1', allowScheduled: true } },
    });
    const leg = sc.call(
      '09011112222',
      holdingCaller({
        'queue.callback-offer': '1',
        'callback.confirm-menu': '3',
        'callback.enter-time': ['2000#', '1030#'],
      }),
    );
    sc.runUntil(() => sc.eventsOf('callback.requested').length === 1, 120_000);
    expect(sc.prompts(leg)).toContain('callback.time-invalid');
    expect(sc.prompts(leg).filter((p) => p === 'callback.enter-time')).toHaveLength(2);
    expect(sc.eventsOf('callback.requested')).toMatchObject([{ dueAt: jst(2026, 1, 5, 10, 30) }]);
  });
});
