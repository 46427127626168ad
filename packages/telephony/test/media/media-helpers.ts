/** Shared set-up for the media tests: a plain UDP peer, a fake prompt directory, waiting. */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaClock } from '../../src/media/media-clock.js';
import { MediaEngine } from '../../src/media/media-engine.js';
import { PromptLibrary, type FragmentResolver } from '../../src/media/prompt-library.js';
import { parseRtp, serializeRtp, type RtpPacket } from '../../src/media/rtp.js';
import { pcm16Bytes, wavHeader } from '../../src/media/wav.js';
import { VirtualScheduler } from '../../src/virtual/scheduler.js';

/** Polls until `check` holds; real sockets deliver asynchronously even on loopback. */
export async function waitFor(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A far end that is nothing but a UDP socket: records what it gets, sends what it is told. */
export class Peer {
  readonly received: RtpPacket[] = [];
  private constructor(
    readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', (msg) => {
      const p = parseRtp(new Uint8Array(msg));
      if (p.ok) this.received.push({ ...p.packet, payload: new Uint8Array(p.packet.payload) });
    });
  }

  static open(): Promise<Peer> {
    return new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.bind(0, '127.0.0.1', () => resolve(new Peer(socket, socket.address().port)));
    });
  }

  sendRaw(bytes: Uint8Array, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  send(
    port: number,
    p: {
      pt: number;
      seq: number;
      ts: number;
      ssrc?: number;
      marker?: boolean;
      payload: Uint8Array;
    },
  ): void {
    this.sendRaw(
      serializeRtp({
        marker: p.marker ?? false,
        payloadType: p.pt,
        sequenceNumber: p.seq & 0xffff,
        timestamp: p.ts >>> 0,
        ssrc: p.ssrc ?? 0x1234,
        csrcs: [],
        payload: p.payload,
        paddingLength: 0,
      }),
      port,
    );
  }

  close(): void {
    this.socket.close();
  }
}

export function writeWav(path: string, samples: Int16Array): void {
  const data = pcm16Bytes(samples);
  const file = new Uint8Array(44 + data.length);
  file.set(wavHeader({ dataLength: data.length }));
  file.set(data, 44);
  writeFileSync(path, file);
}

/** A ramp that never repeats within a frame, so misplaced samples are caught. */
export function ramp(length: number, from = 0): Int16Array {
  return Int16Array.from({ length }, (_, i) => ((from + i * 37) % 16000) - 8000);
}

export interface Rig {
  readonly scheduler: VirtualScheduler;
  readonly engine: MediaEngine;
  readonly dir: string;
  readonly warnings: string[];
  /** Advances the media clock by whole frames (each sends synchronously). */
  frames(n: number): void;
}

/** An engine on 127.0.0.1 with a virtual clock and a prompt directory with `en/hello.wav`. */
export async function rig(fragments: FragmentResolver = () => ['hello']): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-media-'));
  mkdirSync(join(dir, 'prompts', 'en'), { recursive: true });
  writeWav(join(dir, 'prompts', 'en', 'hello.wav'), ramp(4000));
  const warnings: string[] = [];
  const prompts = new PromptLibrary({
    promptDir: join(dir, 'prompts'),
    assetsDir: join(dir, 'assets'),
    fragmentsFor: fragments,
    warn: (m) => warnings.push(m),
  });
  const scheduler = new VirtualScheduler(1_000);
  // A random even base so parallel test files rarely meet; bind retries cover the rest.
  const base = 20_000 + 2 * Math.floor(Math.random() * 10_000);
  const engine = await MediaEngine.create({
    host: '127.0.0.1',
    portMin: base,
    portMax: base + 400,
    prompts,
    recordingsDir: join(dir, 'recordings'),
    clock: new MediaClock(scheduler),
  });
  return {
    scheduler,
    engine,
    dir,
    warnings,
    frames: (n) => scheduler.runUntil(scheduler.now() + n * 20),
  };
}
