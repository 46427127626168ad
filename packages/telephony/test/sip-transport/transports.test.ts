import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { parse } from '../../src/sip/parser.js';
import { createResponse } from '../../src/sip/response.js';
import { TransactionLayer } from '../../src/sip/transaction/layer.js';
import { RealtimeScheduler } from '../../src/realtime-scheduler.js';
import { MultiTransport } from '../../src/sip-transport/multi.js';
import { TcpTransport } from '../../src/sip-transport/tcp.js';
import type { SipTransport } from '../../src/sip-transport/transport.js';
import { UdpTransport } from '../../src/sip-transport/udp.js';
import { WsTransport } from '../../src/sip-transport/ws.js';
import { collect, options, until } from './helpers.js';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

function track<T extends { close(): unknown }>(thing: T): T {
  open.push(thing);
  return thing;
}

describe('UdpTransport', () => {
  it('delivers a datagram with its source, replies to it, and reports a malformed one', async () => {
    const transport = track(await UdpTransport.listen({ host: '127.0.0.1', port: 0 }));
    const got = collect(transport);
    const client = createSocket('udp4');
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', r));
    open.push({ close: () => client.close() });
    const replies: Buffer[] = [];
    client.on('message', (m) => replies.push(m));

    const { port } = transport.address();
    client.send(options('z9hG4bKudp1'), port, '127.0.0.1');
    await until(() => got.messages.length === 1);
    const { message, from } = got.messages[0]!;
    expect(from).toEqual({ protocol: 'udp', host: '127.0.0.1', port: client.address().port });
    if (message.kind !== 'request') throw new Error('expected a request');
    transport.send(createResponse(message, 200), from);
    await until(() => replies.length === 1);
    expect(replies[0]!.toString()).toMatch(/^SIP\/2\.0 200 OK\r\n/);

    client.send('NOT SIP\r\n\r\n', port, '127.0.0.1');
    await until(() => got.malformed.length === 1);
    expect(got.messages).toHaveLength(1);
  });
});

describe('TcpTransport', () => {
  async function client(transport: TcpTransport): Promise<{ socket: Socket; data: () => string }> {
    const socket = connect(transport.address().port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', () => {});
    await new Promise<void>((r) => socket.once('connect', () => r()));
    open.push({ close: () => socket.destroy() });
    return { socket, data: () => text };
  }

  it('frames split and coalesced messages and answers on the same connection', async () => {
    const transport = track(await TcpTransport.listen({ host: '127.0.0.1', port: 0 }));
    const got = collect(transport);
    const { socket, data } = await client(transport);
    const first = options('z9hG4bKtcp1', 'TCP');
    socket.write(first.slice(0, 40));
    await new Promise((r) => setTimeout(r, 20));
    socket.write(first.slice(40));
    await until(() => got.messages.length === 1);
    socket.write(
      '\r\n\r\n' + options('z9hG4bKtcp2', 'TCP', 'c2') + options('z9hG4bKtcp3', 'TCP', 'c3'),
    );
    await until(() => got.messages.length === 3);
    expect(got.messages.map((m) => m.message.headers.get('Call-ID'))).toEqual([
      'opt-1@example.com',
      'c2',
      'c3',
    ]);
    const ids = new Set(got.messages.map((m) => m.from.connectionId));
    expect(ids.size).toBe(1);
    const { message, from } = got.messages[0]!;
    if (message.kind !== 'request') throw new Error('expected a request');
    transport.send(createResponse(message, 200), from);
    // The CRLF pong for the double-CRLF ping, then the response.
    await until(() => data().includes('SIP/2.0 200 OK'));
    expect(data().startsWith('\r\nSIP/2.0 200 OK')).toBe(true);
    expect(transport.connectionCount).toBe(1);
  });

  it('closes a connection that sends unframeable garbage, after a best-effort 400', async () => {
    const transport = track(await TcpTransport.listen({ host: '127.0.0.1', port: 0 }));
    const got = collect(transport);
    // The transaction layer is what answers 400; the transport then hangs up.
    const layer = new TransactionLayer({
      transport,
      scheduler: new RealtimeScheduler(),
      user: { onRequest: () => {}, onCancel: () => {}, onAck: () => {} },
      via: () => transport.address(),
    });
    open.push(layer);
    const { socket, data } = await client(transport);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.write(options('z9hG4bKnolen', 'TCP').replace('Content-Length: 0\r\n', ''));
    await closed;
    expect(got.malformed).toHaveLength(1);
    expect(got.malformed[0]!.reason).toBe('missing Content-Length');
    expect(data()).toMatch(/^SIP\/2\.0 400 Bad Request \(missing Content-Length\)\r\n/);
    await until(() => transport.connectionCount === 0);
  });

  it('opens an outbound connection, reuses it, and the peer answers on it', async () => {
    const server = track(await TcpTransport.listen({ host: '127.0.0.1', port: 0 }));
    const caller = track(await TcpTransport.listen({ host: '127.0.0.1', port: 0 }));
    const atServer = collect(server);
    const atCaller = collect(caller);
    const to = { protocol: 'tcp', host: '127.0.0.1', port: server.address().port } as const;
    const request = parse(options('z9hG4bKout1', 'TCP'));
    if (!request.ok) throw new Error('fixture');
    caller.send(request.message, to);
    caller.send(request.message, to);
    await until(() => atServer.messages.length === 2);
    expect(caller.connectionCount).toBe(1);
    const { message, from } = atServer.messages[0]!;
    if (message.kind !== 'request') throw new Error('expected a request');
    server.send(createResponse(message, 200), from);
    await until(() => atCaller.messages.length === 1);
    expect(server.connectionCount).toBe(1);
  });

  it('reports a refused connection through onError', async () => {
    const probe = await TcpTransport.listen({ host: '127.0.0.1', port: 0 });
    const deadPort = probe.address().port;
    await probe.close();
    const caller = track(await TcpTransport.listen({ host: '127.0.0.1', port: 0 }));
    const request = parse(options('z9hG4bKdead', 'TCP'));
    if (!request.ok) throw new Error('fixture');
    const errors: Error[] = [];
    caller.send(request.message, { protocol: 'tcp', host: '127.0.0.1', port: deadPort }, (e) =>
      errors.push(e),
    );
    await until(() => errors.length === 1);
    await until(() => caller.connectionCount === 0);
  });
});

describe('WsTransport', () => {
  it('carries one SIP message per WebSocket message with the sip subprotocol', async () => {
    const transport = track(await WsTransport.listen({ host: '127.0.0.1', port: 0 }));
    const got = collect(transport);
    const ws = new WebSocket(`ws://127.0.0.1:${transport.address().port}`, 'sip');
    open.push({ close: () => ws.terminate() });
    const replies: string[] = [];
    ws.on('message', (d) => replies.push(d.toString()));
    await new Promise<void>((r) => ws.once('open', () => r()));
    expect(ws.protocol).toBe('sip');
    ws.send(options('z9hG4bKws1', 'WS'));
    await until(() => got.messages.length === 1);
    const { message, from } = got.messages[0]!;
    expect(from.protocol).toBe('ws');
    if (message.kind !== 'request') throw new Error('expected a request');
    transport.send(createResponse(message, 200), from);
    await until(() => replies.length === 1);
    expect(replies[0]).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    ws.send('garbage');
    await until(() => got.malformed.length === 1);
  });

  it('refuses a client that does not offer the sip subprotocol', async () => {
    const transport = track(await WsTransport.listen({ host: '127.0.0.1', port: 0 }));
    const ws = new WebSocket(`ws://127.0.0.1:${transport.address().port}`);
    ws.on('error', () => {});
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(1002);
    expect(transport.connectionCount).toBe(0);
  });
});

describe('MultiTransport', () => {
  it('routes sends by protocol and reports a missing one', async () => {
    const udp = await UdpTransport.listen({ host: '127.0.0.1', port: 0 });
    const multi: SipTransport & MultiTransport = track(new MultiTransport({ udp }));
    expect(multi.address('udp')).toEqual(udp.address());
    expect(multi.address('tcp')).toBeUndefined();
    const request = parse(options('z9hG4bKmulti', 'TCP'));
    if (!request.ok) throw new Error('fixture');
    const errors: Error[] = [];
    multi.send(request.message, { protocol: 'tcp', host: '127.0.0.1', port: 9 }, (e) =>
      errors.push(e),
    );
    expect(errors).toHaveLength(1);
  });
});
