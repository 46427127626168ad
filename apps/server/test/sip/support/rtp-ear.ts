import { createSocket, type Socket } from 'node:dgram';
import { media } from '@tsunagu/telephony';
import { startSipp, type SippProcess } from './sipp.js';

/**
 * The caller's ear: a UDP socket that a SIPp caller names as its media address in its SDP
 * (caller-listens.xml), so the audio the node sends the caller lands here, is decoded from
 * G.711 and can be searched for a tone. What the caller hears, not what the node meant to play.
 */
export class RtpEar {
  /** Decoded PCMU samples in sequence order (8 kHz). */
  private readonly packets = new Map<number, Int16Array>();
  private firstSeq: number | null = null;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', (bytes) => {
      const parsed = media.parseRtp(bytes);
      if (!parsed.ok || parsed.packet.payloadType !== 0) return;
      const p = parsed.packet;
      this.firstSeq ??= p.sequenceNumber;
      // Sequence numbers relative to the first, unwrapped: a call here is far under 65536 packets.
      const index = (p.sequenceNumber - this.firstSeq + 0x10000) & 0xffff;
      this.packets.set(index, media.mulawDecode(new Uint8Array(p.payload)));
    });
  }

  static async open(): Promise<RtpEar> {
    const socket = createSocket('udp4');
    await new Promise<void>((ok, fail) => {
      socket.once('error', fail);
      socket.bind(0, '127.0.0.1', () => ok());
    });
    return new RtpEar(socket, socket.address().port);
  }

  /** Packets heard so far. */
  get count(): number {
    return this.packets.size;
  }

  /** Everything heard, in order, lost packets left out. */
  samples(): Int16Array {
    const order = [...this.packets.keys()].sort((a, b) => a - b);
    const out = new Int16Array(order.reduce((n, i) => n + this.packets.get(i)!.length, 0));
    let at = 0;
    for (const i of order) {
      const frame = this.packets.get(i)!;
      out.set(frame, at);
      at += frame.length;
    }
    return out;
  }

  /**
   * Stretches where a sine at `hz` is (nearly) all the caller hears, as [startMs, lengthMs] in
   * the audio: 20 ms frames whose energy is at least `share` at that frequency and not quiet.
   */
  toneRuns(hz: number, share = 0.8): [number, number][] {
    const all = this.samples();
    const runs: [number, number][] = [];
    let start = -1;
    for (let f = 0; f * 160 + 160 <= all.length; f++) {
      const frame = all.subarray(f * 160, f * 160 + 160);
      const hit = toneShare(frame, hz) >= share && rms(frame) > 500;
      if (hit && start < 0) start = f;
      if (!hit && start >= 0) {
        runs.push([start * 20, (f - start) * 20]);
        start = -1;
      }
    }
    if (start >= 0) runs.push([start * 20, (all.length / 160 - start) * 20]);
    return runs;
  }

  close(): void {
    this.socket.close();
  }
}

function rms(frame: Int16Array): number {
  let sum = 0;
  for (const s of frame) sum += s * s;
  return Math.sqrt(sum / frame.length);
}

/** The share of the frame's energy at `hz` (Goertzel), 0..1 for a pure tone. */
function toneShare(frame: Int16Array, hz: number): number {
  const n = frame.length;
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of frame) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  // A sine's Goertzel power is (n/2)^2 A^2 / ... : normalised so a pure tone gives about 1.
  return energy === 0 ? 0 : (2 * power) / (n * energy);
}

/** `ms` of a sine at `hz` as an 8 kHz mono 16-bit WAV, for uploading as a prompt. */
export function toneWav(hz: number, ms: number, amplitude = 2000): Uint8Array {
  const samples = new Int16Array((8 * ms) | 0);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  const header = media.wavHeader({ dataLength: samples.byteLength });
  const out = new Uint8Array(header.length + samples.byteLength);
  out.set(header);
  out.set(new Uint8Array(samples.buffer), header.length);
  return out;
}

/** A SIPp caller dialling `to` whose audio goes to `ear` (caller-listens.xml), for `holdSec`. */
export function listeningCaller(
  remotePort: number,
  options: { from: string; to: string; ear: RtpEar; holdSec: number },
): Promise<SippProcess> {
  return startSipp({
    scenario: 'caller-listens.xml',
    remote: { host: '127.0.0.1', port: remotePort },
    service: options.to,
    keys: { caller: options.from, listen_port: String(options.ear.port) },
    vars: { hold: String(Math.max(1, options.holdSec)) },
    timeoutSec: 60,
  });
}
