/**
 * Writes a finished recording's audio somewhere (the demo: `<dir>/<recordingId>.wav`). The
 * virtual telephony reports the recording once the promise resolves; a rejection drops it.
 */
export type RecordingWriter = (recordingId: string, durationMs: number) => Promise<void>;

/**
 * A recording on a virtual leg: only its timing. Paused time is not counted, as the SIP
 * recorder does not write it (AGT-04).
 */
export class VirtualRecording {
  private keptMs = 0;
  private runningSince: number | null;

  constructor(
    readonly id: string,
    startedAt: number,
  ) {
    this.runningSince = startedAt;
  }

  get paused(): boolean {
    return this.runningSince === null;
  }

  pause(now: number): void {
    if (this.runningSince === null) return;
    this.keptMs += Math.max(0, now - this.runningSince);
    this.runningSince = null;
  }

  resume(now: number): void {
    if (this.runningSince === null) this.runningSince = now;
  }

  /** The duration kept, in whole 20 ms frames like the SIP recorder's. */
  stop(now: number): number {
    this.pause(now);
    return Math.floor(this.keptMs / 20) * 20;
  }
}
