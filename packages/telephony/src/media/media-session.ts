/**
 * One call leg's media: an RTP socket, what we send (prompts, music, bridged or mixed audio,
 * DTMF) and what we hear (audio into a jitter buffer, RFC 4733 digits). The SIP user agent makes
 * one per dialog through MediaEngine.open() and drives it from the SDP offer/answer.
 *
 * Everything we send is produced on the shared media clock, one frame per 20 ms, on one outgoing
 * stream; a session with no remote yet sends nothing.
 */
import { resolve } from 'node:path';
import type { Playable } from '@tsunagu/domain';
import type { MediaDirection } from '../sdp/parse.js';
import { Bridge, decodeLaw, transcode, type AudioLink, type AudioMember } from './bridge.js';
import { DtmfReceiver } from './dtmf.js';
import { InboundBuffer } from './inbound-buffer.js';
import type { MediaClock } from './media-clock.js';
import { mixFrames } from './mixer.js';
import { OutgoingStream } from './outgoing-stream.js';
import { Player, silenceFrame, type AfterPlay } from './player.js';
import type { G711Law, PromptLanguage, PromptLibrary } from './prompt-library.js';
import { Recording } from './recorder.js';
import type { RtpPacket } from './rtp.js';
import type { RtpCounters, RtpSocket } from './rtp-socket.js';

export interface RemoteMedia {
  readonly address: string;
  readonly port: number;
  readonly codec: G711Law;
  readonly payloadType: number;
  readonly telephoneEventPt: number | null;
}

/** What a session needs from its engine. */
export interface MediaSessionContext {
  readonly clock: MediaClock;
  readonly prompts: PromptLibrary;
  readonly recordingsDir: string;
  readonly onClose: (session: MediaSession) => void;
  /** Errors a listener threw; the media path goes on. */
  readonly onError?: (error: unknown) => void;
}

export class MediaSession implements AudioMember {
  readonly localAddress: string;
  readonly localPort: number;
  private remote: RemoteMedia | null = null;
  private direction: MediaDirection = 'sendrecv';
  private player: Player | null = null;
  private link: AudioLink | null = null;
  private readonly inbound = new InboundBuffer();
  private heardFrame = -1;
  private heard: { bytes: Uint8Array; law: G711Law } | null = null;
  private readonly dtmf = new DtmfReceiver();
  private readonly digitListeners: ((digit: string) => void)[] = [];
  private readonly out: OutgoingStream;
  private readonly recordings = new Set<Recording>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly socket: RtpSocket,
    private readonly ctx: MediaSessionContext,
  ) {
    this.localAddress = socket.localAddress;
    this.localPort = socket.localPort;
    this.out = new OutgoingStream(ctx.clock.nextFrame);
    socket.onPacket(
      (p) => this.onPacket(p),
      (pt) => this.listening || pt === this.remote?.telephoneEventPt,
    );
    this.unsubscribe = ctx.clock.subscribe((frame) => this.onFrame(frame));
  }

  /** From the negotiated SDP; call again on every re-INVITE that changes it. */
  setRemote(remote: RemoteMedia): void {
    if (this.closed) return;
    const moved =
      !this.remote || this.remote.address !== remote.address || this.remote.port !== remote.port;
    this.remote = { ...remote };
    if (moved) this.socket.setRemote(remote);
  }

  /** What we do: 'sendrecv' or 'sendonly' send audio; 'recvonly' and 'inactive' send nothing. */
  setDirection(direction: MediaDirection): void {
    this.direction = direction;
  }

  /** Plays items, then music or silence; replaces any current play (its onDone never fires). */
  play(
    items: readonly Playable[],
    language: PromptLanguage,
    then: AfterPlay,
    onDone: () => void,
    centerId: string | null = null,
  ): void {
    if (this.closed) return;
    this.player = new Player(
      this.ctx.prompts,
      items,
      language,
      then,
      () => this.safely(onDone),
      centerId,
    );
  }

  /** [HQ-03] Hold music, looping until the next play, stopPlay, bridge or close. */
  playMusic(): void {
    if (this.closed) return;
    this.player = Player.music(this.ctx.prompts);
  }

  stopPlay(): void {
    this.player = null;
  }

  onDigit(listener: (digit: string) => void): void {
    this.digitListeners.push(listener);
  }

  /** RFC 4733 events, one digit after another on the media clock; ignored without an event PT. */
  sendDigits(digits: string): void {
    this.out.queueDigits(digits);
  }

  /** Each far end hears the other; prompts and music stop on both sides. */
  bridge(other: MediaSession): void {
    if (other === this || this.closed || other.closed) return;
    const bridge = new Bridge(this, other);
    this.attach(bridge);
    other.attach(bridge);
  }

  /** Ends this session's bridge or leaves its conference; both go back to silence. */
  unbridge(): void {
    this.link?.leave(this);
  }

  /**
   * [AGT-04] Records what we send and what we hear, mixed, into a WAV under the recordings
   * directory (a relative path is taken from there).
   */
  record(path: string): Recording {
    const recording = new Recording(resolve(this.ctx.recordingsDir, path), (r) =>
      this.recordings.delete(r),
    );
    if (this.closed) void recording.stop().catch(() => {});
    else {
      if (!this.listening) this.inbound.clear();
      this.recordings.add(recording);
    }
    return recording;
  }

  get counters(): Readonly<RtpCounters> {
    return this.socket.counters;
  }

  get isBridged(): boolean {
    return this.link !== null;
  }

  /** Idempotent. Stops recordings (their stop() promises still resolve), leaves any bridge. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.link?.leave(this);
    this.player = null;
    for (const r of [...this.recordings]) void r.stop().catch(() => {});
    this.socket.close();
    this.ctx.onClose(this);
  }

  /** @internal AudioMember: the far end's audio for one frame, read once per frame. */
  inboundFor(frame: number): { bytes: Uint8Array; law: G711Law } | null {
    if (frame !== this.heardFrame) {
      this.heardFrame = frame;
      const bytes = this.inbound.pop();
      this.heard = bytes ? { bytes, law: this.law } : null;
    }
    return this.heard;
  }

  /** @internal AudioMember */
  attach(link: AudioLink): void {
    this.player = null;
    if (!this.listening) this.inbound.clear();
    if (this.link && this.link !== link) this.link.leave(this);
    this.link = link;
  }

  /** @internal AudioMember */
  detach(link: AudioLink): void {
    if (this.link === link) this.link = null;
  }

  /**
   * Someone hears what the far end sends (a bridge, a conference or a recording). Until then
   * its audio is neither buffered nor read; only RFC 4733 digits are: a held caller costs a
   * header check per packet.
   */
  private get listening(): boolean {
    return this.link !== null || this.recordings.size > 0;
  }

  private get law(): G711Law {
    return this.remote?.codec ?? 'PCMU';
  }

  private onFrame(frame: number): void {
    const heard = this.listening ? this.inboundFor(frame) : null;
    const remote = this.remote;
    if (!remote) {
      this.out.paused();
      this.recordFrame(null, heard);
      return;
    }
    const law = remote.codec;
    let audio: Uint8Array | null = null;
    const player = this.player;
    if (player) {
      audio = player.next(law);
      if (this.player === player && player.finished) this.player = null;
    }
    if (!audio && this.link) audio = this.link.frameFor(this, frame, law);
    audio ??= silenceFrame(law);
    const sending = this.direction === 'sendrecv' || this.direction === 'sendonly';
    if (sending) {
      for (const packet of this.out.packetsFor(
        frame,
        audio,
        remote.payloadType,
        remote.telephoneEventPt,
      )) {
        this.socket.send(packet);
      }
    } else {
      this.out.paused();
    }
    this.recordFrame(sending ? { bytes: audio, law } : null, heard);
  }

  private recordFrame(
    sent: { bytes: Uint8Array; law: G711Law } | null,
    heard: { bytes: Uint8Array; law: G711Law } | null,
  ): void {
    if (this.recordings.size === 0) return;
    const parts: Int16Array[] = [];
    if (sent) parts.push(decodeLaw(sent.bytes, sent.law));
    if (heard) parts.push(decodeLaw(heard.bytes, heard.law));
    const pcm = mixFrames(parts);
    for (const r of this.recordings) r.write(pcm);
  }

  private onPacket(packet: RtpPacket): void {
    const remote = this.remote;
    if (this.closed || !remote) return;
    if (packet.payloadType === remote.telephoneEventPt) {
      const digit = this.dtmf.receive(packet);
      if (digit) for (const l of this.digitListeners) this.safely(() => l(digit.digit));
      return;
    }
    const law: G711Law | null =
      packet.payloadType === remote.payloadType
        ? remote.codec
        : packet.payloadType === 0
          ? 'PCMU'
          : packet.payloadType === 8
            ? 'PCMA'
            : null;
    // Comfort noise and anything unnegotiated is ignored; silence fills in.
    if (!law || packet.payload.length === 0 || !this.listening) return;
    this.inbound.push(
      packet.ssrc,
      packet.sequenceNumber,
      transcode(packet.payload, law, remote.codec),
    );
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.ctx.onError?.(e);
    }
  }
}
