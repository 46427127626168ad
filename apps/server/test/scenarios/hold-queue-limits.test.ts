import { describe, expect, it } from 'vitest';
import { positionOf } from '@tsunagu/domain';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, jst, setup } from '../support/scenario-center.js';
import { callerRequestingCallback } from '../support/scenario-scripts.js';

const A1 = agentId(0);
const A2 = agentId(1);

// 17:30 JST is 08:30 UTC and 18:30 JST is 09:30 UTC: only Tokyo time gives these answers.
const TOKYO_HOURS: [number, number, boolean][] = [
  [17, 30, true],
  [18, 30, false],
  [8, 59, false],
  [9, 0, true],
];

describe('max wait and max size', () => {
  it('[HQ-04] max wait sends the caller to voicemail', () => {
    const sc = setup({ agentCount: 1, queue: { maxWaitSec: 60, fallback: { kind: 'voicemail' } } });
    sc.occupy([A1]);
    const t0 = sc.now();
    const leg = sc.call('09011112222');
    sc.run(70_000);
    const callId = sc.callIdOf(leg);
    expect(sc.eventsOf('queue.left').filter((e) => e.reason === 'max-wait')).toMatchObject([
      { at: t0 + 60_000 },
    ]);
    expect(forCall(sc.eventsOf('voicemail.started'), callId)).toHaveLength(1);
  });

  it('[HQ-04] max wait sends the caller to another queue, where a free agent takes the call', () => {
    const overflow = { id: 'overflow', centerId: 'tokyo', name: 'Overflow', members: [A2] };
    const sc = setup({
      agentCount: 2,
      available: 1,
      queuesBefore: [overflow],
      queue: { members: [A1], maxWaitSec: 30, fallback: { kind: 'queue', queueId: 'overflow' } },
    });
    sc.occupy([A1]);
    sc.ok({ type: 'agent.set-status', agentId: A2, status: 'available' });
    const leg = sc.call('09011112222');
    sc.run(40_000);
    const callId = sc.callIdOf(leg);
    expect(forCall(sc.eventsOf('queue.joined'), callId).map((e) => e.queueId)).toEqual([
      'support',
      'overflow',
    ]);
    expect(forCall(sc.eventsOf('call.connected'), callId)).toMatchObject([
      { agentId: A2, queueId: 'overflow' },
    ]);
  });

  it('[HQ-04] max wait forwards the caller to an external number', () => {
    const sc = setup({
      agentCount: 1,
      queue: {
        maxWaitSec: 30,
        callerId: '0698765432',
        fallback: { kind: 'external', number: '0355550000' },
      },
    });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(40_000);
    expect(sc.commands.filter((c) => c.type === 'leg.redirect')).toEqual([
      { type: 'leg.redirect', legId: leg, to: '0355550000', callerId: '0698765432' },
    ]);
    expect(forCall(sc.eventsOf('call.ended'), sc.callIdOf(leg))).toMatchObject([
      { reason: 'forwarded' },
    ]);
  });

  it('[HQ-04] max wait with the hangup fallback says goodbye, then ends the call', () => {
    const sc = setup({ agentCount: 1, queue: { maxWaitSec: 30, fallback: { kind: 'hangup' } } });
    sc.occupy([A1]);
    const leg = sc.call('09011112222');
    sc.run(40_000);
    expect(sc.prompts(leg).at(-1)).toBe('queue.goodbye');
    expect(forCall(sc.eventsOf('call.ended'), sc.callIdOf(leg))).toMatchObject([
      { reason: 'max-wait' },
    ]);
  });

  it('[HQ-04] a caller arriving at a full queue follows the fallback at once', () => {
    const sc = setup({ agentCount: 1, queue: { maxSize: 1, fallback: { kind: 'hangup' } } });
    sc.occupy([A1]);
    const first = sc.call('09011112222');
    const second = sc.call('09011113333');
    sc.run(10_000);
    expect(sc.eventsOf('queue.joined').map((e) => e.callId)).toContain(sc.callIdOf(first));
    expect(forCall(sc.eventsOf('queue.joined'), sc.callIdOf(second))).toHaveLength(0);
    expect(sc.prompts(second)).toEqual(['queue.full']);
    expect(forCall(sc.eventsOf('call.ended'), sc.callIdOf(second))).toMatchObject([
      { reason: 'queue-full' },
    ]);
  });
});

describe('the hold-queue view', () => {
  it('[HQ-05] the state lists waiting calls and callback requests with places and wait times', () => {
    const sc = setup({ agentCount: 1 });
    sc.occupy([A1]);
    const t0 = sc.now();
    const a = sc.call('09011112222');
    sc.run(1_000);
    sc.call('09033334444', callerRequestingCallback());
    sc.run(1_000);
    const c = sc.call('09055556666');
    sc.run(30_000);
    const s = sc.vc.runner.state;
    const line = sc.line();
    expect(line.map((e) => positionOf(s, e))).toEqual([1, 2, 3]);
    expect(line.map((e) => e.firstJoinedAt)).toEqual([t0, t0 + 1_000, t0 + 2_000]);
    expect(line[0]!.callId).toBe(sc.callIdOf(a));
    expect(line[2]!.callId).toBe(sc.callIdOf(c));
    expect(line[1]!.callId).toBeNull();
    const request = s.callbacks.get(line[1]!.callbackId!);
    expect(request).toMatchObject({
      number: '+819033334444',
      state: 'pending',
      firstJoinedAt: t0 + 1_000,
    });
    expect(line.map((e) => sc.now() - e.firstJoinedAt)).toEqual([32_000, 31_000, 30_000]);
  });
});

describe('business hours', () => {
  it('[HQ-06] a call arriving after hours follows the after-hours route and never joins', () => {
    const sc = setup({
      alwaysOpen: false,
      startAt: jst(2026, 1, 5, 20, 0),
      queue: { afterHours: { kind: 'hangup' } },
    });
    const leg = sc.call('09011112222');
    sc.run(10_000);
    expect(sc.eventsOf('queue.joined')).toHaveLength(0);
    expect(sc.prompts(leg)).toEqual(['queue.closed']);
    expect(forCall(sc.eventsOf('call.ended'), sc.callIdOf(leg))).toMatchObject([
      { reason: 'after-hours' },
    ]);
  });

  it('[HQ-06] the after-hours route may be voicemail', () => {
    const sc = setup({
      alwaysOpen: false,
      startAt: jst(2026, 1, 5, 20, 0),
      queue: { afterHours: { kind: 'voicemail' } },
    });
    const leg = sc.call('09011112222');
    sc.run(10_000);
    expect(forCall(sc.eventsOf('voicemail.started'), sc.callIdOf(leg))).toHaveLength(1);
  });

  it.each(TOKYO_HOURS)('[HQ-06] business hours are Tokyo time: %i:%i JST open=%s', (h, m, open) => {
    const sc = setup({ alwaysOpen: false, startAt: jst(2026, 1, 6, h, m), available: 0 });
    sc.call('09011112222');
    sc.run(5_000);
    expect(sc.eventsOf('queue.joined').length).toBe(open ? 1 : 0);
  });

  it('[HQ-06] a holiday in closedDates is closed all day; the next weekday is open', () => {
    const center = {
      businessHours: { alwaysOpen: false, weekly: weekdays(), closedDates: ['2026-01-12'] },
    };
    const holiday = setup({ center, startAt: jst(2026, 1, 12, 11, 0), available: 0 });
    holiday.call('09011112222');
    holiday.run(5_000);
    expect(holiday.eventsOf('queue.joined')).toHaveLength(0);
    expect(holiday.eventsOf('call.ended')).toMatchObject([{ reason: 'after-hours' }]);
    const nextDay = setup({ center, startAt: jst(2026, 1, 13, 11, 0), available: 0 });
    nextDay.call('09011112222');
    nextDay.run(5_000);
    expect(nextDay.eventsOf('queue.joined')).toHaveLength(1);
  });
});

function weekdays() {
  return [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' }));
}
