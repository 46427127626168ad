import type { Digit, Playable, TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import type { TelephonyPort } from '../port.js';
import type { TaskScheduler } from './scheduler.js';
import { VirtualRecording, type RecordingWriter } from './virtual-recording.js';
import {
  DEFAULT_AGENT_PHONE,
  DEFAULT_CALLER,
  DEFAULT_CUSTOMER,
  type AgentPhoneScript,
  type PartyScript,
} from './scripts.js';

type Kind = 'caller' | 'agent' | 'customer';

/** One simulated leg: what its party does, and what it hears. */
export interface VirtualLeg {
  readonly id: string;
  readonly kind: Kind;
  readonly agentId: string | null;
  readonly number: string;
  state: 'ringing' | 'up' | 'ended';
  bridgedTo: string | null;
  /** The mix this leg is in (leg.conference), if any: it hears every other member. */
  conference: string | null;
  held: boolean;
  hearing: 'silence' | 'prompt' | 'music';
  /** Everything played to this leg, for assertions. */
  readonly heard: Playable[];
  /** The recording in progress (voicemail, AGT-04 call recording), if any. */
  recording: VirtualRecording | null;
  collect: { id: string; max: number; terminator: Digit | null; buffer: string } | null;
  playId: string | null;
  readonly script: PartyScript | AgentPhoneScript;
  timers: (() => void)[];
}

export interface VirtualTelephonyOptions {
  readonly agentPhone?: (agentId: string) => AgentPhoneScript;
  readonly customerPhone?: (number: string) => PartyScript;
  /** How long one prompt fragment takes to play. */
  readonly fragmentMs?: number;
  /** Delay between a party's key press and the next one. */
  readonly keyGapMs?: number;
  /** Keep ended legs for inspection (tests); the simulator turns it off to stay lean. */
  readonly keepEnded?: boolean;
  /**
   * Writes each finished recording's audio (the demo: a short WAV the inbox can play). Absent
   * in the simulator and unit tests, which stay free of I/O: recordings are then timed only.
   */
  readonly writeRecording?: RecordingWriter;
}

/**
 * In-memory telephony on a deterministic clock: callers and phones that ring, answer after a
 * delay, press keys when they hear a prompt, and hang up. It carries out the same commands and
 * reports the same events as the SIP adapter, so the engine cannot tell them apart.
 */
export class VirtualTelephony implements TelephonyPort {
  readonly legs = new Map<string, VirtualLeg>();
  private listener: (e: TelephonyEvent) => void = () => {};
  private nextLeg = 0;
  private readonly fragmentMs: number;
  private readonly keyGapMs: number;

  constructor(
    private readonly clock: TaskScheduler,
    private readonly options: VirtualTelephonyOptions = {},
  ) {
    this.fragmentMs = options.fragmentMs ?? 1_000;
    this.keyGapMs = options.keyGapMs ?? 300;
  }

  onEvent(listener: (event: TelephonyEvent) => void): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    for (const leg of this.legs.values()) this.drop(leg);
    this.legs.clear();
  }

  /** A simulated caller dials `to`. Returns the leg id the engine will see. */
  placeCall(from: string, to: string, script: PartyScript = DEFAULT_CALLER): string {
    const leg = this.newLeg(`vin-${++this.nextLeg}`, 'caller', null, from, script);
    this.emit({ type: 'leg.offered', legId: leg.id, from, to });
    if (Number.isFinite(script.patienceMs)) {
      leg.timers.push(
        this.clock.after(script.patienceMs, () => {
          if (leg.state !== 'ended' && !this.talking(leg)) this.hangupFromParty(leg.id);
        }),
      );
    }
    return leg.id;
  }

  /** The party on `legId` presses keys, one after another. */
  press(legId: string, digits: string): void {
    [...digits].forEach((d, i) =>
      this.clock.after(i * this.keyGapMs, () => this.key(legId, d as Digit)),
    );
  }

  /** The party on `legId` hangs up. */
  hangupFromParty(legId: string): void {
    const leg = this.legs.get(legId);
    if (!leg || leg.state === 'ended') return;
    // A recording's end is reported before the leg's (the port's contract).
    this.finishRecording(leg, () => this.emit({ type: 'leg.ended', legId, reason: 'hangup' }));
    this.end(leg);
  }

  execute(c: TelephonyCommand): void {
    switch (c.type) {
      case 'leg.answer': {
        const leg = this.legs.get(c.legId);
        if (!leg || leg.state !== 'ringing') return;
        if (leg.kind === 'caller') leg.state = 'up';
        else this.answer(leg);
        return;
      }
      case 'leg.play':
        return this.play(c.legId, c.playId, c.items, c.then);
      case 'leg.stop-play': {
        const leg = this.legs.get(c.legId);
        if (leg) Object.assign(leg, { playId: null, hearing: 'silence' });
        return;
      }
      case 'leg.collect': {
        const leg = this.legs.get(c.legId);
        if (!leg || leg.state === 'ended') return;
        const collect = { id: c.collectId, max: c.maxDigits, terminator: c.terminator, buffer: '' };
        leg.collect = collect;
        leg.timers.push(
          this.clock.after(c.timeoutMs, () => {
            if (leg.collect === collect) this.finishCollect(leg, true);
          }),
        );
        return;
      }
      case 'leg.originate':
        return this.originate(c);
      case 'leg.bridge':
        return this.bridge(c.legA, c.legB);
      case 'leg.unbridge':
        for (const id of [c.legA, c.legB]) {
          const leg = this.legs.get(id);
          if (leg) leg.bridgedTo = null;
        }
        return;
      case 'leg.hold':
      case 'leg.resume': {
        const leg = this.legs.get(c.legId);
        if (leg)
          Object.assign(leg, {
            held: c.type === 'leg.hold',
            hearing: c.type === 'leg.hold' ? 'music' : 'silence',
          });
        return;
      }
      case 'leg.record': {
        const leg = this.legs.get(c.legId);
        if (!leg || leg.state === 'ended') return;
        const now = this.clock.now();
        if (c.action === 'start' && leg.recording === null)
          leg.recording = new VirtualRecording(c.recordingId, now);
        else if (c.action === 'stop') this.finishRecording(leg);
        else if (c.action === 'pause') leg.recording?.pause(now);
        else if (c.action === 'resume') leg.recording?.resume(now);
        return;
      }
      case 'leg.conference':
        return this.conference(c.conferenceId, c.legIds);
      case 'leg.send-dtmf':
        return;
      case 'leg.redirect':
      case 'leg.transfer':
      case 'leg.hangup': {
        const leg = this.legs.get(c.legId);
        if (!leg) return;
        // As on SIP: hanging up a recorded leg still reports its recording.
        this.finishRecording(leg);
        this.end(leg);
        return;
      }
    }
  }

  private newLeg(
    id: string,
    kind: Kind,
    agentId: string | null,
    number: string,
    script: PartyScript | AgentPhoneScript,
  ): VirtualLeg {
    const leg: VirtualLeg = {
      id,
      kind,
      agentId,
      number,
      script,
      state: 'ringing',
      bridgedTo: null,
      conference: null,
      held: false,
      hearing: 'silence',
      heard: [],
      recording: null,
      collect: null,
      playId: null,
      timers: [],
    };
    this.legs.set(id, leg);
    return leg;
  }

  private emit(event: TelephonyEvent): void {
    // Never re-entrant: the engine hears about it after the current command batch.
    this.clock.after(0, () => this.listener(event));
  }

  private originate(c: Extract<TelephonyCommand, { type: 'leg.originate' }>): void {
    if (c.target.kind === 'agent') {
      const script = this.options.agentPhone?.(c.target.agentId) ?? DEFAULT_AGENT_PHONE;
      const leg = this.newLeg(c.legId, 'agent', c.target.agentId, c.target.agentId, script);
      this.emit({ type: 'leg.ringing', legId: leg.id });
      if (script.response === 'reject') {
        leg.timers.push(this.clock.after(500, () => this.fail(leg, 'rejected')));
      } else if (script.response === 'answer') {
        leg.timers.push(this.clock.after(script.answerAfterMs, () => this.answer(leg)));
      }
      leg.timers.push(this.clock.after(c.ringTimeoutMs + 1_000, () => this.fail(leg, 'no-answer')));
      return;
    }
    const script = this.options.customerPhone?.(c.target.number) ?? DEFAULT_CUSTOMER;
    const leg = this.newLeg(c.legId, 'customer', null, c.target.number, script);
    const response = script.response ?? 'answer';
    if (response === 'busy')
      return void leg.timers.push(this.clock.after(1_000, () => this.fail(leg, 'busy')));
    if (response === 'unreachable')
      return void leg.timers.push(this.clock.after(500, () => this.fail(leg, 'unreachable')));
    this.emit({ type: 'leg.ringing', legId: leg.id });
    const answerAfter = script.answerAfterMs ?? 3_000;
    if (response === 'answer' && answerAfter < c.ringTimeoutMs) {
      leg.timers.push(this.clock.after(answerAfter, () => this.answer(leg)));
    } else {
      leg.timers.push(this.clock.after(c.ringTimeoutMs, () => this.fail(leg, 'no-answer')));
    }
  }

  private answer(leg: VirtualLeg): void {
    if (leg.state !== 'ringing') return;
    leg.state = 'up';
    this.emit({ type: 'leg.answered', legId: leg.id });
    const script = leg.script as PartyScript;
    if (leg.kind === 'customer' && Number.isFinite(script.patienceMs)) {
      leg.timers.push(
        this.clock.after(script.patienceMs, () => {
          if (!this.talking(leg)) this.hangupFromParty(leg.id);
        }),
      );
    }
  }

  private fail(leg: VirtualLeg, reason: 'busy' | 'no-answer' | 'rejected' | 'unreachable'): void {
    if (leg.state !== 'ringing') return;
    this.end(leg);
    this.emit({ type: 'leg.failed', legId: leg.id, reason });
  }

  private play(
    legId: string,
    playId: string,
    items: readonly Playable[],
    then: 'music' | 'silence',
  ): void {
    const leg = this.legs.get(legId);
    if (!leg || leg.state === 'ended') return;
    leg.playId = playId;
    leg.hearing = items.length > 0 ? 'prompt' : then;
    leg.heard.push(...items);
    leg.timers.push(
      this.clock.after(items.length * this.fragmentMs, () => {
        if (leg.playId !== playId || leg.state === 'ended') return;
        leg.hearing = then;
        this.emit({ type: 'leg.play-done', legId, playId });
        const script = leg.script as PartyScript;
        for (const item of items) {
          const keys = item.kind === 'prompt' ? script.onPrompt?.[item.id] : undefined;
          if (keys) this.press(legId, keys);
        }
      }),
    );
  }

  private key(legId: string, digit: Digit): void {
    const leg = this.legs.get(legId);
    if (!leg || leg.state === 'ended') return;
    if (!leg.collect) return this.emit({ type: 'leg.digit', legId, digit });
    if (digit === leg.collect.terminator) return this.finishCollect(leg, false);
    leg.collect.buffer += digit;
    if (leg.collect.buffer.length >= leg.collect.max) this.finishCollect(leg, false);
  }

  private finishCollect(leg: VirtualLeg, timedOut: boolean): void {
    const collect = leg.collect;
    if (!collect) return;
    leg.collect = null;
    this.emit({
      type: 'leg.digits-collected',
      legId: leg.id,
      collectId: collect.id,
      digits: collect.buffer,
      timedOut,
    });
  }

  private bridge(a: string, b: string): void {
    const legA = this.legs.get(a);
    const legB = this.legs.get(b);
    if (!legA || !legB) return;
    legA.bridgedTo = b;
    legB.bridgedTo = a;
    for (const leg of [legA, legB]) {
      Object.assign(leg, { playId: null, collect: null, hearing: 'silence' });
      const talkMs = leg.script.talkMs;
      if (Number.isFinite(talkMs))
        leg.timers.push(this.clock.after(talkMs, () => this.hangupFromParty(leg.id)));
    }
  }

  /** Legs in the same mix as `legId` (empty when it is in none), for assertions. */
  mixedWith(legId: string): string[] {
    const conference = this.legs.get(legId)?.conference ?? null;
    if (conference === null) return [];
    return [...this.legs.values()]
      .filter((l) => l.id !== legId && l.conference === conference && l.state !== 'ended')
      .map((l) => l.id);
  }

  private talking(leg: VirtualLeg): boolean {
    return leg.bridgedTo !== null || leg.conference !== null;
  }

  /**
   * Replaces the members of a mix, as the SIP adapter does: the old mix is dissolved, the named
   * legs leave their two-party bridges and hear each other. Fewer than two legs: no mix.
   */
  private conference(conferenceId: string, legIds: readonly string[]): void {
    for (const leg of this.legs.values())
      if (leg.conference === conferenceId) leg.conference = null;
    const members = legIds.flatMap((id) => {
      const leg = this.legs.get(id);
      return leg && leg.state !== 'ended' ? [leg] : [];
    });
    if (members.length < 2) return;
    for (const leg of members) {
      const partner = leg.bridgedTo === null ? undefined : this.legs.get(leg.bridgedTo);
      if (partner && partner.bridgedTo === leg.id) partner.bridgedTo = null;
      Object.assign(leg, {
        bridgedTo: null,
        conference: conferenceId,
        held: false,
        playId: null,
        collect: null,
        hearing: 'silence',
      });
    }
  }

  /**
   * Ends the leg's recording, if any, and reports it once its audio is written; `then` runs
   * after that report (or at once without a recording), keeping the port's order of events.
   * A failed write is not reported as a recording, as on SIP.
   */
  private finishRecording(leg: VirtualLeg, then: () => void = () => {}): void {
    const recording = leg.recording;
    if (recording === null) return then();
    leg.recording = null;
    const durationMs = recording.stop(this.clock.now());
    const report = (): void => {
      this.emit({
        type: 'leg.recording-done',
        legId: leg.id,
        recordingId: recording.id,
        durationMs,
      });
      then();
    };
    const written = this.options.writeRecording?.(recording.id, durationMs);
    if (written === undefined) return report();
    written.then(report, then);
  }

  private end(leg: VirtualLeg): void {
    if (leg.state === 'ended') return;
    leg.state = 'ended';
    leg.conference = null;
    leg.hearing = 'silence';
    leg.collect = null;
    leg.playId = null;
    this.drop(leg);
    const other = leg.bridgedTo === null ? undefined : this.legs.get(leg.bridgedTo);
    if (other && other.bridgedTo === leg.id) other.bridgedTo = null;
    if (this.options.keepEnded === false) this.legs.delete(leg.id);
  }

  private drop(leg: VirtualLeg): void {
    for (const cancel of leg.timers) cancel();
    leg.timers = [];
  }
}
