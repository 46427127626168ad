import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { StreamSink } from './stream-session.js';

/** Pings a WebSocket every `pingMs` so dead peers and idle proxies do not keep it half-open. */
export function webSocketSink(socket: WebSocket, pingMs: number): StreamSink & { stop(): void } {
  let alive = true;
  const ping = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, pingMs);
  ping.unref();
  socket.on('pong', () => (alive = true));
  return {
    send: (_id, json) => socket.send(json),
    buffered: () => socket.bufferedAmount,
    close(code, reason) {
      clearInterval(ping);
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
        socket.close(code, reason);
    },
    stop: () => clearInterval(ping),
  };
}

/**
 * Server-sent events: `id:` lets EventSource resume by itself (it sends Last-Event-ID when it
 * reconnects); a comment line every `pingMs` keeps proxies from closing an idle stream.
 */
export function serverSentEventsSink(
  res: ServerResponse,
  pingMs: number,
): StreamSink & {
  stop(): void;
} {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const ping = setInterval(() => res.write(': ping\n\n'), pingMs);
  ping.unref();
  return {
    send: (id, json) => void res.write(`id: ${id}\ndata: ${json}\n\n`),
    buffered: () => res.writableLength,
    close(code, reason) {
      clearInterval(ping);
      if (!res.writableEnded)
        res.end(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`);
    },
    stop: () => clearInterval(ping),
  };
}
