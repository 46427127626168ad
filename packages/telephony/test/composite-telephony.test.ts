import type { TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import { describe, expect, it } from 'vitest';
import { CompositeTelephony, type TelephonyPort } from '../src/index.js';

class RecordingPort implements TelephonyPort {
  readonly executed: TelephonyCommand[] = [];
  listener: (e: TelephonyEvent) => void = () => {};
  execute(command: TelephonyCommand): void {
    this.executed.push(command);
  }
  onEvent(listener: (e: TelephonyEvent) => void): void {
    this.listener = listener;
  }
  async close(): Promise<void> {}
}

const originate = (legId: string, agentId: string): TelephonyCommand => ({
  type: 'leg.originate',
  legId,
  callId: 'c1',
  target: { kind: 'agent', agentId },
  callerId: '0312345678',
  ringTimeoutMs: 20_000,
  display: null,
});

describe('composite telephony (SIP next to the virtual adapter)', () => {
  it('sends each leg’s commands to the adapter that owns the leg', () => {
    const sip = new RecordingPort();
    const virtual = new RecordingPort();
    const port = new CompositeTelephony(sip, virtual, (c) =>
      c.target.kind === 'agent' && c.target.agentId === 'phone-agent' ? 'primary' : 'secondary',
    );
    const heard: TelephonyEvent[] = [];
    port.onEvent((e) => heard.push(e));
    sip.listener({ type: 'leg.offered', legId: 'sip-1', from: '0311112222', to: '0312345678' });
    port.execute(originate('agent-leg-1', 'phone-agent'));
    port.execute(originate('agent-leg-2', 'browser-agent'));
    port.execute({ type: 'leg.answer', legId: 'sip-1', earlyMedia: false });
    port.execute({ type: 'leg.bridge', legA: 'sip-1', legB: 'agent-leg-1' });
    port.execute({ type: 'leg.hangup', legId: 'agent-leg-2', reason: 'hangup' });
    expect(heard.map((e) => e.type)).toEqual(['leg.offered']);
    expect(sip.executed.map((c) => c.type)).toEqual(['leg.originate', 'leg.answer', 'leg.bridge']);
    expect(virtual.executed.map((c) => c.type)).toEqual(['leg.originate', 'leg.hangup']);
    // A leg ended by its adapter or hung up by the engine is forgotten.
    sip.listener({ type: 'leg.ended', legId: 'sip-1', reason: 'hangup' });
    expect(port.size).toBe(1);
  });
});
