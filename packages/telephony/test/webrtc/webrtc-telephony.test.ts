import type { TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { RealtimeScheduler } from '../../src/realtime-scheduler.js';
import type { ServerMessage } from '../../src/webrtc/browser/protocol.js';
import { advertiseAs, usableCandidates } from '../../src/webrtc/peer.js';
import { WebRtcTelephony, type BrowserSocket } from '../../src/webrtc/webrtc-telephony.js';

class FakeSocket implements BrowserSocket {
  readonly sent: ServerMessage[] = [];
  closed = false;
  send(message: ServerMessage): void {
    this.sent.push(message);
  }
  close(): void {
    this.closed = true;
  }
}

const ring = (legId: string, agentId: string, ringTimeoutMs = 20_000): TelephonyCommand => ({
  type: 'leg.originate',
  legId,
  callId: 'c1',
  target: { kind: 'agent', agentId },
  callerId: '0312345678',
  ringTimeoutMs,
  display: { origin: 'callback', customerNumber: '09012345678', queueName: 'Support' },
});

describe('browser softphone signalling [BEY-06]', () => {
  const schedulers: RealtimeScheduler[] = [];
  afterEach(() => {
    for (const s of schedulers.splice(0)) s.close();
  });

  function adapter(): { port: WebRtcTelephony; events: TelephonyEvent[] } {
    const scheduler = new RealtimeScheduler();
    schedulers.push(scheduler);
    const port = new WebRtcTelephony({
      scheduler,
      media: { clock: null as never, prompts: null as never, recordingsDir: '/nonexistent' },
      ice: { hostAddress: '127.0.0.1' },
    });
    const events: TelephonyEvent[] = [];
    port.onEvent((e) => events.push(e));
    return { port, events };
  }
  const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

  it('[BEY-06] an agent with no softphone open is unreachable at once', async () => {
    const { port, events } = adapter();
    port.execute(ring('leg-1', 'agent-1'));
    await settle();
    expect(events).toEqual([{ type: 'leg.failed', legId: 'leg-1', reason: 'unreachable' }]);
  });

  it('[BEY-06] the softphone rings with the callback display; reject and ring timeout fail the leg', async () => {
    const { port, events } = adapter();
    const socket = new FakeSocket();
    const phone = port.openSoftphone('agent-1', socket);
    port.execute(ring('leg-1', 'agent-1'));
    expect(socket.sent.at(-1)).toEqual({
      type: 'incoming',
      legId: 'leg-1',
      callerId: '09012345678',
      display: { origin: 'callback', customerNumber: '09012345678', queueName: 'Support' },
    });
    phone.reject('leg-1');
    port.execute(ring('leg-2', 'agent-1', 50));
    await settle(150);
    expect(events).toEqual([
      { type: 'leg.ringing', legId: 'leg-1' },
      { type: 'leg.failed', legId: 'leg-1', reason: 'rejected' },
      { type: 'leg.ringing', legId: 'leg-2' },
      { type: 'leg.failed', legId: 'leg-2', reason: 'no-answer' },
    ]);
    expect(socket.sent.filter((m) => m.type === 'ended')).toEqual([
      { type: 'ended', legId: 'leg-1', reason: 'rejected' },
      { type: 'ended', legId: 'leg-2', reason: 'no-answer' },
    ]);
    expect(port.legs.size).toBe(0);
  });

  it('[BEY-06] a second tab takes over the softphone; the first is told and closed, its ringing call fails', async () => {
    const { port, events } = adapter();
    const first = new FakeSocket();
    const firstTab = port.openSoftphone('agent-1', first);
    port.execute(ring('leg-1', 'agent-1'));
    const second = new FakeSocket();
    const secondTab = port.openSoftphone('agent-1', second);
    expect(first.closed).toBe(true);
    expect(first.sent.some((m) => m.type === 'error' && m.code === 'CC_ERR_CONFLICT')).toBe(true);
    // The old tab's socket closing afterwards must not unregister the new one.
    firstTab.close();
    expect(port.hasSoftphone('agent-1')).toBe(true);
    secondTab.close();
    expect(port.hasSoftphone('agent-1')).toBe(false);
    await settle();
    expect(events.at(-1)).toEqual({ type: 'leg.failed', legId: 'leg-1', reason: 'rejected' });
  });

  it('[BEY-06] a leg of another socket cannot be answered or hung up from this one', async () => {
    const { port, events } = adapter();
    const mine = new FakeSocket();
    port.openSoftphone('agent-1', mine);
    const other = port.openSoftphone('agent-2', new FakeSocket());
    port.execute(ring('leg-1', 'agent-1'));
    other.hangup('leg-1');
    other.accept('leg-1', 'v=0');
    await settle();
    expect(events).toEqual([{ type: 'leg.ringing', legId: 'leg-1' }]);
    expect(port.legs.get('leg-1')?.state).toBe('ringing');
  });

  it('[BEY-06] mDNS candidates are dropped from the browser offer, LAN ones too when we are on loopback, and ours can name a NAT address', () => {
    const offer = [
      'v=0',
      'a=candidate:1 1 udp 2122260223 3f2c8a0e-1111-2222-3333-444455556666.local 54321 typ host',
      'a=candidate:2 1 udp 2122260223 127.0.0.1 54322 typ host',
      'a=candidate:3 1 udp 2122194687 192.168.1.20 54323 typ host',
    ].join('\r\n');
    const onLoopback = usableCandidates(offer, '127.0.0.1');
    expect(onLoopback).not.toContain('.local');
    expect(onLoopback).not.toContain('192.168.1.20');
    expect(onLoopback).toContain('127.0.0.1 54322');
    const onLan = usableCandidates(offer, '192.168.1.5');
    expect(onLan).toContain('192.168.1.20 54323');
    expect(onLan).not.toContain('.local');
    const answer = 'a=candidate:a 1 udp 2116026367 10.0.0.5 40000 typ host generation 0';
    expect(advertiseAs(answer, '10.0.0.5', '203.0.113.7')).toContain(' 203.0.113.7 40000 ');
  });
});
