import { describe, expect, it } from 'vitest';
import {
  EventStreamConnection,
  matchesType,
  type SocketLike,
  type StreamMessage,
  type StreamStatus,
} from '../src/events/event-stream';

class FakeSocket implements SocketLike {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  closedByPage = false;
  constructor(readonly url: string) {}
  close() {
    this.closedByPage = true;
  }
  send(id: number, type = 'call.connected') {
    this.onmessage?.({ data: JSON.stringify({ id, type, at: '', centerId: 'tokyo', data: {} }) });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const received: number[] = [];
  const statuses: StreamStatus[] = [];
  let gaps = 0;
  let unauthorized = 0;
  const connection = new EventStreamConnection({
    url: 'ws://host/api/v1/events/stream',
    onMessage: (m: StreamMessage) => received.push(m.id),
    onStatus: (s) => statuses.push(s),
    onGap: () => gaps++,
    onUnauthorized: () => unauthorized++,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer: () => {},
    random: () => 1,
  });
  return {
    connection,
    sockets,
    timers,
    received,
    statuses,
    gaps: () => gaps,
    unauthorized: () => unauthorized,
  };
}

describe('live event stream connection', () => {
  it('[BEY-04] reconnects after a drop with lastEventId, so the server replays what was missed', () => {
    const h = harness();
    h.connection.start();
    h.sockets[0]!.onopen?.();
    h.sockets[0]!.send(41);
    h.sockets[0]!.send(42);
    h.sockets[0]!.onclose?.({ code: 1006 });
    expect(h.statuses.at(-1)).toBe('reconnecting');
    h.timers.shift()!.run();
    expect(h.sockets[1]!.url).toBe('ws://host/api/v1/events/stream?lastEventId=42');
    h.sockets[1]!.onopen?.();
    h.sockets[1]!.send(42); // a repeat is never delivered twice
    h.sockets[1]!.send(43);
    expect(h.received).toEqual([41, 42, 43]);
    expect(h.statuses.at(-1)).toBe('open');
    expect(h.gaps()).toBe(0);
  });

  it('[BEY-04] backs off while the server is away, and reports a gap when it had nothing to resume from', () => {
    const h = harness();
    h.connection.start();
    h.sockets[0]!.onopen?.();
    for (let i = 0; i < 7; i++) {
      h.sockets.at(-1)!.onclose?.({ code: 1006 });
      h.timers.at(-1)!.run();
    }
    expect(h.timers.map((t) => t.ms)).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    expect(h.sockets.at(-1)!.url).toBe('ws://host/api/v1/events/stream');
    h.sockets.at(-1)!.onopen?.();
    expect(h.gaps()).toBe(1);
  });

  it('[BEY-04] stops at 4401 (session expired) and asks the page to sign in again', () => {
    const h = harness();
    h.connection.start();
    h.sockets[0]!.onopen?.();
    h.sockets[0]!.onclose?.({ code: 4401 });
    expect(h.unauthorized()).toBe(1);
    expect(h.timers).toEqual([]);
    expect(h.statuses.at(-1)).toBe('closed');
  });

  it('[BEY-04] stop() closes the socket and never reconnects', () => {
    const h = harness();
    h.connection.start();
    h.sockets[0]!.onopen?.();
    h.connection.stop();
    expect(h.sockets[0]!.closedByPage).toBe(true);
    expect(h.timers).toEqual([]);
  });

  it('[BEY-04] matches types and families the way the server filters them', () => {
    expect(matchesType('call.ended', ['call.*'])).toBe(true);
    expect(matchesType('callback.created', ['call.*'])).toBe(false);
    expect(matchesType('agent.status-changed', ['call.ended', 'agent.status-changed'])).toBe(true);
    expect(matchesType('anything', undefined)).toBe(true);
  });
});
