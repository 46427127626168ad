import { describe, expect, it } from 'vitest';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, jst, setup } from '../support/scenario-center.js';
import { holdingCaller } from '../support/scenario-scripts.js';

const A1 = agentId(0);
const A2 = agentId(1);

const ON_OFF = [true, false];
const INTERVALS = [30, 45];

describe('hold queue: when a caller waits', () => {
  it('[HQ-01] a call is offered straight to a free agent: no hold announcement, routing → talking', () => {
    const sc = setup({ agentCount: 1 });
    const leg = sc.call('09011112222');
    sc.run(5_000);
    const callId = sc.callIdOf(leg);
    const moves = forCall(sc.eventsOf('call.state-changed'), callId).map(
      (e) => `${e.from}→${e.to}`,
    );
    expect(moves).toEqual(['arriving→routing', 'routing→talking']);
    expect(sc.eventsOf('queue.entered-hold')).toHaveLength(0);
    expect(sc.leg(leg).heard).toEqual([]);
    const agentLeg = sc.leg(sc.leg(leg).bridgedTo!);
    expect(agentLeg.agentId).toBe(A1);
  });

  it('[HQ-01] a call goes to the hold queue when every agent is busy, and out of it when one frees', () => {
    const sc = setup({ agentCount: 2 });
    sc.occupy([A1, A2]);
    const leg = sc.call('09011112222');
    sc.run(5_000);
    const callId = sc.callIdOf(leg);
    expect(forCall(sc.eventsOf('queue.entered-hold'), callId)).toHaveLength(1);
    expect(sc.prompts(leg)).toContain('queue.welcome');
    expect(sc.vc.runner.state.calls.get(callId)?.state).toBe('queued');
    sc.hangUp(A2);
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), callId)).toMatchObject([{ agentId: A2 }]);
  });

  it('[HQ-01] a call goes to the hold queue when no agent is available, until one becomes available', () => {
    const sc = setup({ agentCount: 2, available: 0 });
    const leg = sc.call('09011112222');
    sc.run(5_000);
    const callId = sc.callIdOf(leg);
    expect(forCall(sc.eventsOf('queue.entered-hold'), callId)).toHaveLength(1);
    expect(sc.eventsOf('offer.created')).toHaveLength(0);
    sc.ok({ type: 'agent.set-status', agentId: A2, status: 'available' });
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), callId)).toMatchObject([{ agentId: A2 }]);
  });
});

describe('hold queue options', () => {
  it('[HQ-02] queueWhenBusy=false sends the caller to the fallback when no agent is free', () => {
    const sc = setup({ agentCount: 1, queue: { queueWhenBusy: false } });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(5_000);
    const callId = sc.callIdOf(leg);
    expect(forCall(sc.eventsOf('queue.joined'), callId)).toHaveLength(0);
    expect(forCall(sc.eventsOf('call.state-changed'), callId).map((e) => e.to)).toContain(
      'voicemail',
    );
    expect(sc.prompts(leg)).toEqual(['voicemail.greeting']);
  });

  it('[HQ-02] queueWhenBusy=false still offers the call when an agent is free', () => {
    const sc = setup({ agentCount: 1, queue: { queueWhenBusy: false } });
    const leg = sc.call('09011112222');
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(leg))).toHaveLength(1);
  });

  const nearClosing = { alwaysOpen: false, startAt: jst(2026, 1, 5, 17, 58), agentCount: 1 };

  it('[HQ-02] keepWaitingAfterHours=false: waiting callers follow the after-hours route at closing', () => {
    const sc = setup({ ...nearClosing, queue: { keepWaitingAfterHours: false } });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(5 * 60_000);
    const callId = sc.callIdOf(leg);
    const left = sc.eventsOf('queue.left').filter((e) => e.reason === 'after-hours');
    expect(left).toHaveLength(1);
    expect(left[0]!.at).toBe(jst(2026, 1, 5, 18, 0));
    expect(sc.prompts(leg)).toContain('queue.closed');
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([{ reason: 'after-hours' }]);
  });

  it('[HQ-02] keepWaitingAfterHours=true: callers already waiting stay after closing and are served', () => {
    const sc = setup({ ...nearClosing, queue: { keepWaitingAfterHours: true } });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(10 * 60_000);
    const callId = sc.callIdOf(leg);
    expect(sc.eventsOf('queue.left').filter((e) => e.reason === 'after-hours')).toHaveLength(0);
    expect(sc.vc.runner.state.calls.get(callId)?.state).toBe('queued');
    sc.hangUp(A1);
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), callId)).toHaveLength(1);
  });

  it.each(ON_OFF)('[HQ-02] position announcement on=%s', (announcePosition) => {
    const sc = setup({ agentCount: 1, queue: { announcePosition } });
    sc.occupy([A1]);
    sc.call('09011112222');
    const second = sc.call('09011113333');
    sc.run(20_000);
    const heard = sc.leg(second).heard;
    const at = heard.findIndex((p) => p.kind === 'prompt' && p.id === 'queue.position');
    if (announcePosition) expect(heard[at + 1]).toEqual({ kind: 'number', value: 2 });
    else expect(at).toBe(-1);
  });

  it('[HQ-02] the voicemail key leaves the queue and records a message ended by #', () => {
    const sc = setup({ agentCount: 1 });
    sc.occupy([A1]);
    const leg = sc.call('09011112222', holdingCaller({ 'queue.voicemail-offer': '9' }));
    sc.runUntil(() => sc.eventsOf('voicemail.started').length > 0, 60_000);
    const callId = sc.callIdOf(leg);
    const entryId = forCall(sc.eventsOf('queue.joined'), callId)[0]!.entryId;
    expect(sc.eventsOf('queue.left').filter((e) => e.entryId === entryId)).toMatchObject([
      { reason: 'voicemail' },
    ]);
    expect(sc.line()).toHaveLength(0);
    sc.run(8_000);
    sc.vc.telephony.press(leg, '#');
    sc.run(2_000);
    expect(sc.eventsOf('voicemail.recorded')).toMatchObject([
      { callId, queueId: 'support', from: '09011112222' },
    ]);
    expect(forCall(sc.eventsOf('call.ended'), callId)).toMatchObject([
      { reason: 'voicemail-left' },
    ]);
  });
});

describe('hold music and announcements', () => {
  it('[HQ-03] the caller hears music between announcements until connected', () => {
    const sc = setup({ agentCount: 1, queue: { announceIntervalSec: 30 } });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(500);
    expect(sc.leg(leg).hearing).toBe('prompt');
    sc.run(20_000);
    expect(sc.leg(leg).hearing).toBe('music');
    sc.run(10_500); // the second announcement has begun
    expect(sc.leg(leg).hearing).toBe('prompt');
    sc.run(15_000);
    expect(sc.leg(leg).hearing).toBe('music');
    expect(sc.leg(leg).bridgedTo).toBeNull();
    sc.hangUp(A1);
    sc.run(5_000);
    expect(sc.leg(leg).hearing).toBe('silence');
    expect(sc.leg(leg).bridgedTo).not.toBeNull();
  });

  it('[HQ-03] announcements resume after a caller comes back from the callback menu', () => {
    const sc = setup({ agentCount: 1, queue: { announceIntervalSec: 30 } });
    sc.occupy([A1]);
    // Presses the callback key once, asks for another number, then never types one.
    const leg = sc.call(
      '09011112222',
      holdingCaller({ 'queue.callback-offer': ['1'], 'callback.confirm-menu': ['2'] }),
    );
    sc.run(5 * 60_000);
    const callId = sc.callIdOf(leg);
    const back = forCall(sc.eventsOf('call.state-changed'), callId).find((e) => e.from === 'menu');
    expect(back).toMatchObject({ to: 'queued' });
    const after = forCall(sc.eventsOf('queue.announced'), callId).filter((e) => e.at > back!.at);
    expect(after.length).toBeGreaterThanOrEqual(6);
    expect(after[0]!.at - back!.at).toBeLessThanOrEqual(30_000);
  });

  it.each(INTERVALS)('[HQ-03] announcements repeat every announceIntervalSec=%i', (interval) => {
    const sc = setup({ agentCount: 1, queue: { announceIntervalSec: interval } });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(100_000);
    const times = forCall(sc.eventsOf('queue.announced'), sc.callIdOf(leg)).map((e) => e.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.length).toBe(Math.floor(100 / interval) + 1);
    expect(new Set(gaps)).toEqual(new Set([interval * 1000]));
    expect(sc.prompts(leg).filter((p) => p === 'queue.welcome')).toHaveLength(1);
  });
});
