import type { Playable } from '@tsunagu/domain';

/** What the user agent needs of one leg's media; the RTP media session provides it. */
export interface RemoteMedia {
  readonly address: string;
  readonly port: number;
  readonly codec: 'PCMU' | 'PCMA';
  readonly payloadType: number;
  readonly telephoneEventPt: number | null;
}

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface LegRecording {
  pause(): void;
  resume(): void;
  stop(): Promise<{ durationMs: number }>;
}

export interface LegMedia {
  readonly localAddress: string;
  readonly localPort: number;
  /** RTP packets in and out, for metrics and tests. */
  readonly counters: { readonly received: number; readonly sent: number; readonly dropped: number };
  setRemote(remote: RemoteMedia): void;
  setDirection(direction: MediaDirection): void;
  play(
    items: readonly Playable[],
    language: 'ja' | 'en',
    then: 'music' | 'silence',
    onDone: () => void,
    /** Whose uploaded announcements (QCB-16) replace the built-in ones. */
    centerId: string | null,
  ): void;
  playMusic(): void;
  stopPlay(): void;
  onDigit(listener: (digit: string) => void): void;
  sendDigits(digits: string): void;
  bridge(other: LegMedia): void;
  unbridge(): void;
  record(path: string): LegRecording;
  close(): void;
}

export interface MediaProvider {
  open(): Promise<LegMedia>;
  mix(sessions: readonly LegMedia[]): { close(): void };
  close(): Promise<void>;
}
