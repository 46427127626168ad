/** A SIP stack under test on loopback, with fake media, and a scriptable peer (phone or trunk). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentDevice, Playable, TelephonyEvent } from '@tsunagu/domain';
import { RealtimeScheduler } from '../../src/realtime-scheduler.js';
import { newCallId, newTag } from '../../src/sip/ids.js';
import { SipHeaders, type SipRequest, type SipResponse } from '../../src/sip/message.js';
import { createResponse } from '../../src/sip/response.js';
import { TransactionLayer, type ServerTransaction } from '../../src/sip/transaction/layer.js';
import { UdpTransport } from '../../src/sip-transport/udp.js';
import { sipUa } from '../../src/index.js';

export const encoder = new TextEncoder();
export const decoder = new TextDecoder();

export class FakeMedia implements sipUa.LegMedia {
  readonly localAddress = '127.0.0.1';
  readonly counters = { received: 0, sent: 0, dropped: 0 };
  readonly calls: string[] = [];
  digit: (d: string) => void = () => {};
  constructor(readonly localPort: number) {}
  setRemote(): void {
    this.calls.push('setRemote');
  }
  setDirection(d: string): void {
    this.calls.push(`direction:${d}`);
  }
  play(items: readonly Playable[], _l: 'ja' | 'en', then: string, onDone: () => void): void {
    this.calls.push(`play:${items.length}:${then}`);
    setTimeout(onDone, 5);
  }
  playMusic(): void {
    this.calls.push('music');
  }
  stopPlay(): void {
    this.calls.push('stop');
  }
  onDigit(listener: (d: string) => void): void {
    this.digit = listener;
  }
  sendDigits(d: string): void {
    this.calls.push(`dtmf:${d}`);
  }
  bridge(): void {
    this.calls.push('bridge');
  }
  unbridge(): void {
    this.calls.push('unbridge');
  }
  record(): sipUa.LegRecording {
    return { pause() {}, resume() {}, stop: async () => ({ durationMs: 1234 }) };
  }
  close(): void {
    this.calls.push('close');
  }
}

export const OFFER = (port = 30000, direction = 'sendrecv'): Uint8Array =>
  encoder.encode(
    `v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n` +
      `m=audio ${port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n` +
      `a=fmtp:101 0-16\r\na=${direction}\r\n`,
  );

/** The far end: answers what it is sent by `onRequest` (default 200), sends what a test asks. */
export class Peer {
  readonly requests: SipRequest[] = [];
  onRequest: (tx: ServerTransaction) => void = (tx) =>
    tx.respond(
      createResponse(tx.request, 200, { toTag: newTag(), headers: [['Contact', this.contact]] }),
    );
  private constructor(
    readonly transport: UdpTransport,
    readonly layer: TransactionLayer,
    readonly port: number,
    private readonly scheduler: RealtimeScheduler,
  ) {}

  static async start(): Promise<Peer> {
    const transport = await UdpTransport.listen({ host: '127.0.0.1', port: 0 });
    const scheduler = new RealtimeScheduler();
    const { port } = transport.address();
    // The layer's callbacks run only after `peer` exists.
    const layer = new TransactionLayer({
      transport,
      scheduler,
      via: () => ({ host: '127.0.0.1', port }),
      user: {
        onRequest: (tx) => {
          peer.requests.push(tx.request);
          peer.onRequest(tx);
        },
        onCancel: (invite, cancel) => {
          peer.requests.push(cancel);
          invite.respond(createResponse(invite.request, 487, { toTag: newTag() }));
        },
        onAck: (ack) => void peer.requests.push(ack),
      },
    });
    const peer: Peer = new Peer(transport, layer, port, scheduler);
    return peer;
  }

  get contact(): string {
    return `<sip:peer@127.0.0.1:${this.port}>`;
  }

  /** Sends a request to the stack and collects every response until the final one. */
  request(
    to: number,
    method: string,
    o: {
      uri?: string;
      from?: string;
      toHeader?: string;
      callId?: string;
      cseq?: number;
      headers?: [string, string][];
      body?: Uint8Array;
      contentType?: string;
    } = {},
  ): {
    final: Promise<SipResponse>;
    responses: SipResponse[];
    tx: ReturnType<TransactionLayer['sendRequest']>;
  } {
    const uri = o.uri ?? `sip:0312345678@127.0.0.1:${to}`;
    const headers = new SipHeaders([
      ['From', o.from ?? `<sip:0311112222@127.0.0.1>;tag=${newTag()}`],
      ['To', o.toHeader ?? `<${uri}>`],
      ['Call-ID', o.callId ?? newCallId('127.0.0.1')],
      ['CSeq', `${o.cseq ?? 1} ${method}`],
      ['Contact', this.contact],
      ...(o.headers ?? []),
    ]);
    if (o.contentType !== undefined || o.body !== undefined)
      headers.add('Content-Type', o.contentType ?? 'application/sdp');
    const responses: SipResponse[] = [];
    let tx!: ReturnType<TransactionLayer['sendRequest']>;
    const final = new Promise<SipResponse>((resolve, reject) => {
      tx = this.layer.sendRequest(
        { kind: 'request', method, uri, headers, body: o.body ?? new Uint8Array() },
        { protocol: 'udp', host: '127.0.0.1', port: to },
        {
          onResponse: (r) => {
            responses.push(r);
            if (r.status >= 200) resolve(r);
          },
          onTimeout: () => reject(new Error(`${method} timed out`)),
          onTransportError: () => reject(new Error(`${method} transport error`)),
        },
      );
    });
    return { final, responses, tx };
  }

  async close(): Promise<void> {
    this.layer.close();
    this.scheduler.close();
    await this.transport.close();
  }
}

export interface Harness {
  readonly stack: sipUa.SipStack;
  readonly events: TelephonyEvent[];
  readonly media: FakeMedia[];
  readonly accounts: sipUa.MemoryAccounts;
  readonly devices: Map<string, AgentDevice>;
  readonly port: number;
  next(type: TelephonyEvent['type'], timeoutMs?: number): Promise<TelephonyEvent>;
  close(): Promise<void>;
}

export async function startHarness(ua: Partial<sipUa.SipUaSettings> = {}): Promise<Harness> {
  const events: TelephonyEvent[] = [];
  const media: FakeMedia[] = [];
  const accounts = new sipUa.MemoryAccounts();
  const devices = new Map<string, AgentDevice>();
  const stack = await sipUa.startSipStack({
    host: '127.0.0.1',
    port: 0,
    ua: { recordingsDir: mkdtempSync(join(tmpdir(), 'ua-rec-')), ...ua },
    accounts,
    agentDevice: (id) => devices.get(id),
    media: {
      open: async () => {
        const m = new FakeMedia(40000 + media.length * 2);
        media.push(m);
        return m;
      },
      mix: () => ({ close() {} }),
      close: async () => {},
    },
  });
  // Each event is handed to one `next` call, in order of arrival per type.
  const consumed = new Set<number>();
  const waiters: { type: string; resolve: (e: TelephonyEvent) => void }[] = [];
  stack.telephony.onEvent((e) => {
    events.push(e);
    const i = waiters.findIndex((w) => w.type === e.type);
    if (i >= 0) {
      consumed.add(events.length - 1);
      waiters.splice(i, 1)[0]!.resolve(e);
    }
  });
  return {
    stack,
    events,
    media,
    accounts,
    devices,
    port: stack.address.udp,
    next(type, timeoutMs = 5_000) {
      const index = events.findIndex((e, i) => e.type === type && !consumed.has(i));
      if (index >= 0) {
        consumed.add(index);
        return Promise.resolve(events[index]!);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${type}; saw ${events.map((e) => e.type).join(', ')}`)),
          timeoutMs,
        );
        waiters.push({ type, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    close: () => stack.close(),
  };
}

export const until = async (
  check: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
