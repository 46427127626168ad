/**
 * The browser softphone's side of the telephony port (BEY-06): agents whose device is the
 * browser are rung over their softphone socket, and a test-caller page can dial a queue. Each
 * browser leg's audio is a werift peer connection feeding a MediaSession on the node's media
 * clock, so it bridges, mixes, records, plays prompts and hears RFC 4733 keys like a SIP leg.
 */
import { randomUUID } from 'node:crypto';
import {
  ERROR_CATALOGUE,
  type Digit,
  type ErrorCode,
  type LegEndReason,
  type LegFailure,
  type TelephonyCommand,
  type TelephonyEvent,
} from '@tsunagu/domain';
import type { MediaClock } from '../media/media-clock.js';
import { MediaSession } from '../media/media-session.js';
import type { PromptLibrary } from '../media/prompt-library.js';
import type { TelephonyPort } from '../port.js';
import type { TaskScheduler } from '../virtual/scheduler.js';
import { newBrowserLeg, type BrowserLeg, type BrowserLine } from './browser-leg.js';
import type { ServerMessage } from './browser/protocol.js';
import { cancelCollect, digitPressed } from './digits.js';
import { executeBrowserCommand } from './leg-commands.js';
import { answerOffer, type IceSettings } from './peer.js';
import { WEBRTC_ENDPOINT, WebRtcRtpSocket } from './webrtc-rtp-socket.js';

export interface WebRtcTelephonyOptions {
  readonly scheduler: TaskScheduler;
  /** The node's media plane: browser legs tick on the same clock as SIP legs. */
  readonly media: {
    readonly clock: MediaClock;
    readonly prompts: PromptLibrary;
    readonly recordingsDir: string;
  };
  readonly ice: IceSettings;
  /** Test calls open at once on this node (each is a peer connection and a queue call). */
  readonly maxTestCalls?: number;
  readonly onError?: (err: unknown, context: string) => void;
}

/** A socket as the adapter sees it: where messages go, and how to drop a replaced one. */
export interface BrowserSocket extends BrowserLine {
  close(): void;
}

export interface SoftphoneHandle {
  accept(legId: string, sdp: string): void;
  reject(legId: string): void;
  hangup(legId: string): void;
  dtmf(legId: string, digits: string): void;
  /** The socket went away: its calls end. */
  close(): void;
}

export interface TestCallerHandle {
  call(from: string, to: string, sdp: string): void;
  hangup(legId: string): void;
  dtmf(legId: string, digits: string): void;
  close(): void;
}

export type FinishOutcome =
  | { readonly kind: 'ended'; readonly reason: LegEndReason }
  | { readonly kind: 'failed'; readonly reason: LegFailure }
  /** The engine asked: nothing is reported back. */
  | null;

export function errorMessage(code: ErrorCode, legId?: string): ServerMessage {
  const spec = ERROR_CATALOGUE[code];
  return {
    type: 'error',
    code,
    message: spec.en,
    messageJa: spec.ja,
    ...(legId !== undefined && { legId }),
  };
}

export class WebRtcTelephony implements TelephonyPort {
  readonly legs = new Map<string, BrowserLeg>();
  readonly conferences = new Map<string, { close(): void }>();
  private readonly softphones = new Map<string, BrowserSocket>();
  private listener: (event: TelephonyEvent) => void = () => {};
  private closed = false;

  constructor(readonly options: WebRtcTelephonyOptions) {}

  onEvent(listener: (event: TelephonyEvent) => void): void {
    this.listener = listener;
  }

  execute(command: TelephonyCommand): void {
    try {
      executeBrowserCommand(this, command);
    } catch (err) {
      this.options.onError?.(err, command.type);
    }
  }

  /** The leg's media, for a bridge with a leg of another adapter on the same clock. */
  mediaOf(legId: string): MediaSession | null {
    return this.legs.get(legId)?.media ?? null;
  }

  /** Whether the agent has a softphone open on this node now. */
  hasSoftphone(agentId: string): boolean {
    return this.softphones.has(agentId);
  }

  emit(event: TelephonyEvent): void {
    // Never re-entrant: the engine hears about it after the current command batch.
    this.options.scheduler.after(0, () => this.listener(event));
  }

  /** The agent's softphone socket; a newer one (another tab) replaces it. */
  openSoftphone(agentId: string, socket: BrowserSocket): SoftphoneHandle {
    const previous = this.softphones.get(agentId);
    if (previous && previous !== socket) {
      previous.send(errorMessage('CC_ERR_CONFLICT'));
      this.endLine(previous);
      previous.close();
    }
    this.softphones.set(agentId, socket);
    socket.send({ type: 'ready', agentId });
    const mine = (legId: string): BrowserLeg | undefined => {
      const leg = this.legs.get(legId);
      return leg?.line === socket ? leg : undefined;
    };
    return {
      accept: (legId, sdp) => {
        const leg = mine(legId);
        if (!leg || leg.state !== 'ringing') {
          return socket.send(errorMessage('CC_ERR_LEG_NOT_FOUND', legId));
        }
        leg.state = 'connecting';
        for (const cancel of leg.timers.splice(0)) cancel();
        void this.connect(leg, sdp).then((ok) => {
          if (!ok || leg.state !== 'connecting') return;
          leg.state = 'up';
          this.emit({ type: 'leg.answered', legId: leg.id });
          socket.send({ type: 'connected', legId: leg.id });
        });
      },
      reject: (legId) => {
        const leg = mine(legId);
        if (leg?.state === 'ringing') this.finish(leg, { kind: 'failed', reason: 'rejected' });
      },
      hangup: (legId) => {
        const leg = mine(legId);
        if (leg) this.partyHungUp(leg);
      },
      dtmf: (legId, digits) => {
        const leg = mine(legId);
        if (leg) this.pressed(leg, digits);
      },
      close: () => {
        if (this.softphones.get(agentId) === socket) this.softphones.delete(agentId);
        this.endLine(socket);
      },
    };
  }

  /** A test-caller page: one call at a time, dialled as if it came in from a trunk. */
  openTestCaller(socket: BrowserSocket): TestCallerHandle {
    socket.send({ type: 'ready', agentId: null });
    const mine = (legId: string): BrowserLeg | undefined => {
      const leg = this.legs.get(legId);
      return leg?.line === socket ? leg : undefined;
    };
    return {
      call: (from, to, sdp) => {
        const busy = [...this.legs.values()].some((l) => l.line === socket);
        const testCalls = [...this.legs.values()].filter((l) => l.direction === 'inbound').length;
        if (this.closed || busy || testCalls >= (this.options.maxTestCalls ?? 20)) {
          return socket.send(errorMessage(busy ? 'CC_ERR_CONFLICT' : 'CC_ERR_UNAVAILABLE'));
        }
        const leg = newBrowserLeg(`webrtc-${randomUUID()}`, 'inbound', socket, null);
        this.legs.set(leg.id, leg);
        void this.connect(leg, sdp).then((ok) => {
          if (ok) this.emit({ type: 'leg.offered', legId: leg.id, from, to });
        });
      },
      hangup: (legId) => {
        const leg = mine(legId);
        if (leg) this.partyHungUp(leg);
      },
      dtmf: (legId, digits) => {
        const leg = mine(legId);
        if (leg) this.pressed(leg, digits);
      },
      close: () => this.endLine(socket),
    };
  }

  /** leg.originate to an agent: the softphone rings, or the call fails at once. */
  ring(c: Extract<TelephonyCommand, { type: 'leg.originate' }>): void {
    const agentId = c.target.kind === 'agent' ? c.target.agentId : null;
    const socket = agentId === null ? undefined : this.softphones.get(agentId);
    if (socket === undefined || this.closed) {
      this.emit({ type: 'leg.failed', legId: c.legId, reason: 'unreachable' });
      return;
    }
    const leg = newBrowserLeg(c.legId, 'outbound', socket, agentId);
    this.legs.set(leg.id, leg);
    socket.send({
      type: 'incoming',
      legId: leg.id,
      callerId: c.display?.customerNumber ?? c.callerId,
      display: c.display,
    });
    this.emit({ type: 'leg.ringing', legId: leg.id });
    leg.timers.push(
      this.options.scheduler.after(c.ringTimeoutMs, () => {
        if (leg.state === 'ringing') this.finish(leg, { kind: 'failed', reason: 'no-answer' });
      }),
    );
  }

  /** Ends the leg here: media, peer, timers. Reports the outcome unless the engine asked. */
  finish(leg: BrowserLeg, outcome: FinishOutcome): void {
    if (leg.state === 'ended') return;
    leg.state = 'ended';
    for (const cancel of leg.timers.splice(0)) cancel();
    cancelCollect(leg);
    this.legs.delete(leg.id);
    const partner = leg.bridgedTo === null ? undefined : this.legs.get(leg.bridgedTo);
    if (partner && partner.bridgedTo === leg.id) {
      partner.bridgedTo = null;
      partner.media?.unbridge();
    }
    const reason = outcome?.reason ?? 'hangup';
    leg.line.send({ type: 'ended', legId: leg.id, reason });
    const report = (): void => {
      leg.media?.close();
      void leg.pc?.close().catch(() => {});
      if (outcome?.kind === 'ended')
        this.emit({ type: 'leg.ended', legId: leg.id, reason: outcome.reason });
      if (outcome?.kind === 'failed')
        this.emit({ type: 'leg.failed', legId: leg.id, reason: outcome.reason });
    };
    const recording = leg.recording;
    leg.recording = null;
    if (recording === null) return report();
    // A recording's end is reported before the leg's (the port's contract).
    recording.handle.stop().then(
      ({ durationMs }) => {
        this.emit({
          type: 'leg.recording-done',
          legId: leg.id,
          recordingId: recording.id,
          durationMs,
        });
        report();
      },
      (err: unknown) => {
        this.options.onError?.(err, 'recording');
        report();
      },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const mix of this.conferences.values()) mix.close();
    this.conferences.clear();
    for (const leg of [...this.legs.values()]) {
      leg.endedByUs = true;
      this.finish(leg, null);
    }
    this.softphones.clear();
  }

  /** The browser hung up (or the page went away). */
  private partyHungUp(leg: BrowserLeg): void {
    if (leg.state === 'ringing') this.finish(leg, { kind: 'failed', reason: 'rejected' });
    else if (leg.direction === 'inbound' && leg.state === 'connecting' && leg.media === null)
      this.finish(leg, null);
    else this.finish(leg, { kind: 'ended', reason: 'hangup' });
  }

  private endLine(socket: BrowserSocket): void {
    for (const leg of [...this.legs.values()]) if (leg.line === socket) this.partyHungUp(leg);
  }

  private pressed(leg: BrowserLeg, digits: string): void {
    for (const d of digits) if (/^[0-9*#A-D]$/.test(d)) digitPressed(this, leg, d as Digit);
  }

  get scheduler(): TaskScheduler {
    return this.options.scheduler;
  }

  /** Answers the browser's offer and gives the leg its media; false when the leg is gone. */
  private async connect(leg: BrowserLeg, sdp: string): Promise<boolean> {
    let socket: WebRtcRtpSocket | null = null;
    let peer: Awaited<ReturnType<typeof answerOffer>>;
    try {
      peer = await answerOffer(sdp, this.options.ice, (rtp) => socket?.deliver(rtp));
    } catch (err) {
      this.options.onError?.(err, 'webrtc offer');
      leg.line.send(errorMessage('CC_ERR_VALIDATION', leg.id));
      if (leg.direction === 'inbound') this.finish(leg, null);
      else this.finish(leg, { kind: 'failed', reason: 'unreachable' });
      return false;
    }
    if (leg.state === 'ended') {
      void peer.pc.close().catch(() => {});
      return false;
    }
    socket = new WebRtcRtpSocket(peer.transceiver, peer.telephoneEventPt);
    const { clock, prompts, recordingsDir } = this.options.media;
    const media = new MediaSession(socket, {
      clock,
      prompts,
      recordingsDir,
      onClose: () => {},
      ...(this.options.onError && { onError: (e: unknown) => this.options.onError?.(e, 'media') }),
    });
    media.setRemote({
      ...WEBRTC_ENDPOINT,
      codec: 'PCMU',
      payloadType: peer.audioPt,
      telephoneEventPt: peer.telephoneEventPt,
    });
    media.onDigit((digit) => this.pressed(leg, digit));
    leg.pc = peer.pc;
    leg.media = media;
    peer.pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed' && leg.state !== 'ended')
        this.finish(leg, { kind: 'ended', reason: 'media-lost' });
    });
    leg.line.send({ type: 'answer', legId: leg.id, sdp: peer.answerSdp });
    return true;
  }
}
