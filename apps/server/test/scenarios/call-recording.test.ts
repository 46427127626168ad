import { describe, it, expect } from 'vitest';
import type { QueueInput, TelephonyCommand } from '@tsunagu/domain';
import { setup, forCall } from '../support/scenario-center.js';
import { agentId } from '../../src/runtime/demo-config.js';

const A1 = agentId(0);
const A2 = agentId(1);

type Record = Extract<TelephonyCommand, { type: 'leg.record' }>;

/** Agent 1 talks to a caller who never hangs up, on a queue with the given recording policy. */
function talking(queue: Partial<QueueInput>, agentCount = 1) {
  const sc = setup({ agentCount, queue });
  const caller = sc.call('09011112222', { patienceMs: Infinity, talkMs: Infinity });
  sc.runUntil(() => sc.agent(A1).presence === 'on-call');
  const callId = sc.callIdOf(caller);
  const records = () => sc.commands.filter((c): c is Record => c.type === 'leg.record');
  const call = () => sc.vc.runner.state.calls.get(callId);
  return { sc, caller, callId, records, call };
}

describe('call recording (AGT-04)', () => {
  it('[AGT-04] a queue set to record automatically records the customer leg from the moment the agent connects', () => {
    const { sc, caller, callId, records, call } = talking({ recording: 'auto' });
    const started = forCall(sc.eventsOf('call.recording-started'), callId);
    expect(started).toMatchObject([{ agentId: A1, queueId: 'support' }]);
    const recordingId = started[0]!.recordingId;
    expect(records()).toEqual([
      { type: 'leg.record', legId: caller, recordingId, action: 'start' },
    ]);
    // The banner shows from connect on: the same instant as call.connected.
    expect(started[0]!.at).toBe(forCall(sc.eventsOf('call.connected'), callId)[0]!.at);
    expect(call()?.callRecording).toEqual({ id: recordingId, legId: caller, paused: false });
    expect(sc.leg(caller).recording?.id).toBe(recordingId);
  });

  it('[AGT-04] a queue without recording records nothing, and stop or resume is refused with CC_ERR_NOT_RECORDING', () => {
    const { sc, callId, records } = talking({ recording: 'off', agentsMayPauseRecording: true });
    sc.run(10_000);
    expect(records()).toEqual([]);
    expect(sc.eventsOf('call.recording-started')).toEqual([]);
    const before = structuredClone(sc.vc.runner.state);
    const refused = sc.submit({ type: 'call.recording-pause', agentId: A1, callId });
    expect(refused.error?.code).toBe('CC_ERR_NOT_RECORDING');
    expect(refused.events).toEqual([]);
    expect(refused.commands).toEqual([]);
    expect(sc.vc.runner.state).toEqual(before);
  });

  it('[AGT-04] when the admin allows it, the agent stops and resumes the recording; the stopped time is not kept', () => {
    const { sc, caller, callId, records, call } = talking({
      recording: 'auto',
      agentsMayPauseRecording: true,
    });
    const recordingId = call()!.callRecording!.id;
    sc.run(10_000);
    sc.ok({ type: 'call.recording-pause', agentId: A1, callId });
    expect(forCall(sc.eventsOf('call.recording-paused'), callId)).toMatchObject([
      { agentId: A1, recordingId },
    ]);
    expect(call()?.callRecording?.paused).toBe(true);
    expect(sc.leg(caller).recording?.paused).toBe(true);
    // Pressed again (a second tab): nothing more happens.
    expect(sc.ok({ type: 'call.recording-pause', agentId: A1, callId }).events).toEqual([]);
    sc.run(20_000);
    sc.ok({ type: 'call.recording-resume', agentId: A1, callId });
    expect(forCall(sc.eventsOf('call.recording-resumed'), callId)).toHaveLength(1);
    expect(sc.leg(caller).recording?.paused).toBe(false);
    sc.run(5_000);
    sc.hangUp(A1);
    sc.run(1_000);
    expect(records().map((c) => c.action)).toEqual(['start', 'pause', 'resume', 'stop']);
    const recorded = sc.eventsOf('call.recorded');
    expect(recorded).toEqual([
      {
        type: 'call.recorded',
        at: expect.any(Number),
        callId,
        recordingId,
        agentId: A1,
        queueId: 'support',
        durationMs: 15_000,
      },
    ]);
    expect(sc.vc.runner.state.recordings.size).toBe(0);
  });

  it('[AGT-04] without the admin’s permission stop is refused (CC_ERR_RECORDING_NOT_ALLOWED) and the recording goes on', () => {
    const { sc, caller, callId, records } = talking({ recording: 'auto' }, 2);
    const before = structuredClone(sc.vc.runner.state);
    const refused = sc.submit({ type: 'call.recording-pause', agentId: A1, callId });
    expect(refused.error?.code).toBe('CC_ERR_RECORDING_NOT_ALLOWED');
    expect(refused.events).toEqual([]);
    expect(refused.commands).toEqual([]);
    expect(sc.vc.runner.state).toEqual(before);
    // Another agent cannot touch this call's recording either.
    expect(sc.submit({ type: 'call.recording-pause', agentId: A2, callId }).error?.code).toBe(
      'CC_ERR_AGENT_NOT_ON_CALL',
    );
    expect(records().map((c) => c.action)).toEqual(['start']);
    expect(sc.leg(caller).recording?.paused).toBe(false);
  });

  it('[AGT-04] hold does not stop the recording; the customer hanging up ends it and it is reported with its agent', () => {
    const { sc, caller, callId, records, call } = talking({ recording: 'auto' });
    const recordingId = call()!.callRecording!.id;
    sc.ok({ type: 'call.hold', agentId: A1, callId });
    expect(call()?.callRecording?.paused).toBe(false);
    sc.run(30_000);
    sc.ok({ type: 'call.resume', agentId: A1, callId });
    sc.run(12_000);
    sc.vc.telephony.hangupFromParty(caller);
    sc.run(1_000);
    expect(records().map((c) => c.action)).toEqual(['start']);
    expect(sc.eventsOf('call.recorded')).toMatchObject([
      { callId, recordingId, agentId: A1, durationMs: 42_000 },
    ]);
    // Reported before the call ended, as the telephony reports the recording before the leg.
    const types = sc.vc.events.map((e) => e.type);
    expect(types.indexOf('call.recorded')).toBeLessThan(types.indexOf('call.ended'));
  });

  it('[AGT-04] a cold transfer: the first agent’s recording ends with their call, the new call is recorded on its own', () => {
    const { sc, caller, callId, call } = talking({ recording: 'auto' }, 2);
    const first = call()!.callRecording!.id;
    sc.run(5_000);
    sc.ok({ type: 'call.transfer', agentId: A1, callId, target: { kind: 'agent', agentId: A2 } });
    sc.runUntil(() => sc.agent(A2).presence === 'on-call', 10_000);
    const next = sc.eventsOf('call.transferred').at(-1)!.newCallId!;
    const second = sc.vc.runner.state.calls.get(next)!.callRecording!.id;
    expect(second).not.toBe(first);
    expect(sc.eventsOf('call.recording-started').map((e) => [e.callId, e.agentId])).toEqual([
      [callId, A1],
      [next, A2],
    ]);
    expect(sc.leg(caller).recording?.id).toBe(second);
    sc.hangUp(A2);
    sc.run(1_000);
    expect(sc.eventsOf('call.recorded').map((e) => [e.recordingId, e.callId, e.agentId])).toEqual([
      [first, callId, A1],
      [second, next, A2],
    ]);
  });

  it('[AGT-04] an outbound call follows the policy of the queue whose number it shows', () => {
    const sc = setup({ agentCount: 1, queue: { recording: 'auto' } });
    sc.ok({ type: 'agent.dial', agentId: A1, to: '0355550000', callerId: '0312345678' });
    sc.run(10_000);
    const callId = sc.agent(A1).callId!;
    expect(forCall(sc.eventsOf('call.recording-started'), callId)).toMatchObject([
      { agentId: A1, queueId: null },
    ]);
    sc.hangUp(A1);
    sc.run(1_000);
    expect(forCall(sc.eventsOf('call.recorded'), callId)).toHaveLength(1);
    // From a number that belongs to no queue: no policy, no recording.
    sc.run(60_000);
    sc.ok({ type: 'agent.dial', agentId: A1, to: '0355550000', callerId: '0698765432' });
    sc.run(10_000);
    expect(sc.eventsOf('call.recording-started')).toHaveLength(1);
  });
});
