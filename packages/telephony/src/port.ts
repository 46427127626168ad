import type { TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';

/**
 * The telephony port (DESIGN.md). Both adapters, `virtual` (in-memory) and `sip` (network),
 * implement it, and the engine cannot tell them apart.
 *
 * Contract an adapter keeps:
 * - `execute` never throws for a leg that vanished; the far end's disappearance arrives as
 *   `leg.ended` (or `leg.failed` before answer).
 * - Commands for one leg are carried out in order. Events are delivered asynchronously to the
 *   listener, never re-entrantly from inside `execute`.
 * - While a `leg.collect` is active, digits go to it and are not also reported as `leg.digit`.
 * - `leg.play` with `then: 'music'` loops hold music after its items until the next play,
 *   stop-play, bridge or hangup; `leg.play-done` is reported when its items finish.
 * - A voicemail recording's `leg.recording-done` is reported before that leg's `leg.ended`.
 * - Hangups the engine asked for are not reported back as `leg.ended`.
 */
export interface TelephonyPort {
  execute(command: TelephonyCommand): void;
  onEvent(listener: (event: TelephonyEvent) => void): void;
  close(): Promise<void>;
}
