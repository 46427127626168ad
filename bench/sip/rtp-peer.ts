import { createSocket, type RemoteInfo } from 'node:dgram';

/**
 * The far ends' media for the SIP benchmark, as a separate process on the load generator's core:
 * one UDP port that every caller's (or every agent's) SDP names. It plays the phones' part of
 * RTP without SIP knowledge:
 *  - it counts what the server sends, per stream (source port and SSRC), so the runner can tell
 *    that music keeps flowing to every held caller and that bridged calls carried audio;
 *  - for every stream it heard in the last `QUIET_MS`, it sends a packet of µ-law silence back
 *    every 20 ms, as a phone does: the server receives caller audio as it would in production,
 *    and a bridge has audio to carry in both directions.
 * Sending starts only after the server's first packet (the server latches to our address and
 * we learn its port that way), so it needs no signalling.
 *
 * `node --import tsx bench/sip/rtp-peer.ts <port> [--no-send]`; prints `ready <port>`, then one
 * JSON line a second: {t, streams heard in the last second, packets received and sent in that
 * second, total streams seen, streams with at least `ENOUGH` packets}.
 */
const FRAME_MS = 20;
const QUIET_MS = 1_000;
/** 0.5 s of audio: a stream that carried this much was a real conversation leg. */
const ENOUGH = 25;

interface Stream {
  readonly address: string;
  readonly port: number;
  received: number;
  lastHeard: number;
  seq: number;
  timestamp: number;
  readonly ssrc: number;
}

const port = Number(process.argv[2] ?? 0);
const send = !process.argv.includes('--no-send');
const socket = createSocket({ type: 'udp4', recvBufferSize: 8 << 20, sendBufferSize: 8 << 20 });
const streams = new Map<string, Stream>();
let receivedThisSecond = 0;
let sentThisSecond = 0;
let enoughTotal = 0;
let seenTotal = 0;

socket.on('message', (msg: Buffer, from: RemoteInfo) => {
  if (msg.length < 12) return;
  receivedThisSecond += 1;
  const key = `${from.port}:${msg.readUInt32BE(8)}`;
  let stream = streams.get(key);
  if (stream === undefined) {
    stream = {
      address: from.address,
      port: from.port,
      received: 0,
      lastHeard: 0,
      seq: (Math.random() * 0xffff) | 0,
      timestamp: (Math.random() * 0xffffffff) >>> 0,
      ssrc: (Math.random() * 0xffffffff) >>> 0,
    };
    streams.set(key, stream);
    seenTotal += 1;
  }
  stream.received += 1;
  if (stream.received === ENOUGH) enoughTotal += 1;
  stream.lastHeard = Date.now();
});

/** One packet of µ-law silence (0xFF), payload type 0; header rewritten per stream. */
const packet = Buffer.alloc(12 + 160, 0xff);
packet[0] = 0x80;
packet[1] = 0;

function sendFrame(now: number): void {
  for (const [key, s] of streams) {
    if (now - s.lastHeard > QUIET_MS) {
      // Forget streams long gone (the call ended); their counts are already in the totals.
      if (now - s.lastHeard > 10 * QUIET_MS) streams.delete(key);
      continue;
    }
    if (!send) continue;
    s.seq = (s.seq + 1) & 0xffff;
    s.timestamp = (s.timestamp + 160) >>> 0;
    // A copy per packet: send() may still hold the buffer after it returns.
    const out = Buffer.from(packet);
    out.writeUInt16BE(s.seq, 2);
    out.writeUInt32BE(s.timestamp, 4);
    out.writeUInt32BE(s.ssrc, 8);
    socket.send(out, s.port, s.address);
    sentThisSecond += 1;
  }
}

socket.bind(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${socket.address().port}\n`);
  setInterval(() => sendFrame(Date.now()), FRAME_MS);
  setInterval(() => {
    const now = Date.now();
    let active = 0;
    for (const s of streams.values()) if (now - s.lastHeard <= QUIET_MS) active += 1;
    process.stdout.write(
      `${JSON.stringify({
        t: now,
        active,
        received: receivedThisSecond,
        sent: sentThisSecond,
        seen: seenTotal,
        enough: enoughTotal,
      })}\n`,
    );
    receivedThisSecond = 0;
    sentThisSecond = 0;
  }, 1_000);
});
