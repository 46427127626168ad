import type { Digit } from '@tsunagu/domain';
import type { RTCPeerConnection } from 'werift';
import type { MediaSession } from '../media/media-session.js';
import type { Recording } from '../media/recorder.js';
import type { ServerMessage } from './browser/protocol.js';
import type { KeyCollect } from '../key-collector.js';

/**
 * One browser leg: an agent's softphone we rang (outbound) or a test caller who dialled a
 * queue (inbound). It has media once the browser's offer is answered.
 */
export interface BrowserLeg {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  /** The agent whose softphone rang (outbound legs). */
  readonly agentId: string | null;
  /** ringing: offered to the agent; connecting: offer answered, not yet up; up: answered. */
  state: 'ringing' | 'connecting' | 'up' | 'ended';
  /** The browser's socket: where this leg's messages go. */
  readonly line: BrowserLine;
  pc: RTCPeerConnection | null;
  media: MediaSession | null;
  bridgedTo: string | null;
  heldByUs: boolean;
  collect: KeyCollect | null;
  digitSeq: number;
  readonly typedAhead: { readonly seq: number; readonly digit: Digit }[];
  recording: { readonly id: string; readonly handle: Recording } | null;
  readonly timers: (() => void)[];
  /** The engine asked for the end: no `leg.ended` goes back for it. */
  endedByUs: boolean;
}

/** One open browser socket (a softphone or a test caller page). */
export interface BrowserLine {
  send(message: ServerMessage): void;
}

export function newBrowserLeg(
  id: string,
  direction: BrowserLeg['direction'],
  line: BrowserLine,
  agentId: string | null,
): BrowserLeg {
  return {
    id,
    direction,
    agentId,
    state: direction === 'outbound' ? 'ringing' : 'connecting',
    line,
    pc: null,
    media: null,
    bridgedTo: null,
    heldByUs: false,
    collect: null,
    digitSeq: 0,
    typedAhead: [],
    recording: null,
    timers: [],
    endedByUs: false,
  };
}
