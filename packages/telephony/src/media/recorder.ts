/**
 * Streaming WAV recording (AGT-04): 16-bit PCM at 8 kHz, written about once a second while the
 * call goes on, with the 44-byte header rewritten at stop. A file whose process died mid-call
 * still reads (readWav takes a zero data length as "to the end").
 *
 * The session hands in one frame per media clock tick; paused time is not written, so the
 * duration is the audio actually kept.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pcm16Bytes, wavHeader, WAV_HEADER_LENGTH } from './wav.js';
import { FRAME_MS } from './media-clock.js';

/** Frames gathered before one write: 1 s, 16 KB. */
const FLUSH_FRAMES = 50;

export interface RecordingResult {
  readonly durationMs: number;
}

export class Recording {
  private readonly handle: Promise<FileHandle>;
  /** Writes are chained so they land in order; the chain carries the first error to stop(). */
  private chain: Promise<void>;
  private pending: Uint8Array[] = [];
  private frames = 0;
  private dataBytes = 0;
  private pausedNow = false;
  private stopped: Promise<RecordingResult> | null = null;

  /** @param onStop lets the owning session forget the recording. */
  constructor(
    readonly path: string,
    private readonly onStop: (r: Recording) => void = () => {},
  ) {
    this.handle = mkdir(dirname(path), { recursive: true }).then(() => open(path, 'w'));
    this.chain = this.handle.then((h) => this.writeAt(h, wavHeader({ dataLength: 0 }), 0));
    // Errors surface from stop(); until then keep them from being unhandled rejections.
    this.chain.catch(() => {});
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  get active(): boolean {
    return this.stopped === null;
  }

  pause(): void {
    this.pausedNow = true;
  }

  resume(): void {
    this.pausedNow = false;
  }

  /** One 20 ms frame of linear audio (both directions already mixed by the caller). */
  write(pcm: Int16Array): void {
    if (this.stopped || this.pausedNow) return;
    this.pending.push(pcm16Bytes(pcm));
    this.frames += 1;
    if (this.pending.length >= FLUSH_FRAMES) this.flush();
  }

  /** Writes what is left, patches the header, closes the file. Idempotent. */
  stop(): Promise<RecordingResult> {
    if (this.stopped) return this.stopped;
    this.flush();
    const durationMs = this.frames * FRAME_MS;
    const dataLength = this.dataBytes;
    this.stopped = (async () => {
      let failure: unknown = null;
      await this.chain.catch((e: unknown) => {
        failure = e;
      });
      const h = await this.handle;
      try {
        if (failure === null) await this.writeAt(h, wavHeader({ dataLength }), 0);
      } finally {
        await h.close();
      }
      if (failure !== null) throw failure;
      return { durationMs };
    })();
    this.onStop(this);
    return this.stopped;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const size = this.pending.reduce((n, b) => n + b.length, 0);
    const block = new Uint8Array(size);
    let at = 0;
    for (const b of this.pending) {
      block.set(b, at);
      at += b.length;
    }
    this.pending = [];
    const position = WAV_HEADER_LENGTH + this.dataBytes;
    this.dataBytes += size;
    this.chain = this.chain.then(() => this.handle).then((h) => this.writeAt(h, block, position));
    this.chain.catch(() => {});
  }

  private async writeAt(h: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await h.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    }
  }
}
