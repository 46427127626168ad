/**
 * The media plane of one node: the shared media clock, the RTP port range, the prompt library,
 * and every open MediaSession. The SIP adapter creates one at start-up and opens a session per
 * call leg; closing the engine closes them all.
 */
import { RealtimeScheduler } from '../realtime-scheduler.js';
import { MediaClock } from './media-clock.js';
import { MediaSession } from './media-session.js';
import type { PromptLibrary } from './prompt-library.js';
import { selectRtpIo } from './rtp-io.js';
import { PortRange, type RtpIo } from './rtp-socket.js';

export interface MediaEngineOptions {
  /** Address the RTP sockets bind to and the SDP advertises. */
  readonly host: string;
  /** Even ports from this range are used (RTP only, no RTCP port is reserved). */
  readonly portMin: number;
  readonly portMax: number;
  readonly prompts: PromptLibrary;
  readonly recordingsDir: string;
  /** Defaults to one on wall time; tests pass one on a VirtualScheduler. */
  readonly clock?: MediaClock;
  readonly onError?: (error: unknown) => void;
  /** How RTP sockets are made (ADR 15); defaults to the native addon when it loads, else dgram. */
  readonly rtpIo?: RtpIo;
}

export class MediaEngine {
  private readonly sessions = new Set<MediaSession>();
  private readonly ports: PortRange;
  readonly rtpIo: RtpIo;
  private closed = false;

  private constructor(
    private readonly options: MediaEngineOptions,
    readonly clock: MediaClock,
    private readonly ownScheduler: RealtimeScheduler | null,
  ) {
    this.rtpIo = options.rtpIo ?? selectRtpIo('auto').io;
    this.ports = new PortRange(options.portMin, options.portMax, this.rtpIo);
  }

  static create(options: MediaEngineOptions): Promise<MediaEngine> {
    if (options.clock) return Promise.resolve(new MediaEngine(options, options.clock, null));
    const scheduler = new RealtimeScheduler();
    return Promise.resolve(new MediaEngine(options, new MediaClock(scheduler), scheduler));
  }

  /** A new session on the next free even port; rejects when the range is exhausted. */
  async open(): Promise<MediaSession> {
    if (this.closed) throw new Error('media engine is closed');
    const socket = await this.ports.bind(this.options.host);
    if (this.closed) {
      socket.close();
      this.ports.release(socket.localPort);
      throw new Error('media engine is closed');
    }
    const session = new MediaSession(socket, {
      clock: this.clock,
      prompts: this.options.prompts,
      recordingsDir: this.options.recordingsDir,
      onClose: (s) => {
        this.sessions.delete(s);
        this.ports.release(s.localPort);
      },
      ...(this.options.onError ? { onError: this.options.onError } : {}),
    });
    this.sessions.add(session);
    return session;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get prompts(): PromptLibrary {
    return this.options.prompts;
  }

  /** Closes every session and stops the clock. Idempotent. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const s of [...this.sessions]) s.close();
      this.clock.stop();
      this.ownScheduler?.close();
    }
    return Promise.resolve();
  }
}
