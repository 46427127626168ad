/**
 * Which RTP I/O a node uses (`--rtp-io`, ADR 15): the native addon's batched sockets, or
 * node:dgram. `auto` takes the addon when it is built and loads (Linux), else dgram.
 */
import { dgramRtpIo } from './rtp-io-dgram.js';
import { nativeRtpIo } from './rtp-io-native.js';
import type { RtpIo } from './rtp-socket.js';

export type RtpIoMode = 'native' | 'dgram' | 'auto';

export interface RtpIoChoice {
  readonly io: RtpIo;
  /** Why `auto` fell back to dgram; null when it did not. */
  readonly fallbackReason: string | null;
}

/** Throws when `native` is asked for and the addon cannot be used. */
export function selectRtpIo(mode: RtpIoMode): RtpIoChoice {
  if (mode === 'dgram') return { io: dgramRtpIo, fallbackReason: null };
  const native = nativeRtpIo();
  if ('io' in native) return { io: native.io, fallbackReason: null };
  if (mode === 'native') {
    throw new Error(
      `--rtp-io native: ${native.error} / ネイティブ RTP I/O を使えません（scripts/build-native.sh）`,
    );
  }
  return { io: dgramRtpIo, fallbackReason: native.error };
}
