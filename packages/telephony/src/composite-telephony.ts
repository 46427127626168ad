import type { TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import type { TelephonyPort } from './port.js';
import type { LegMedia } from './sip-ua/media-port.js';

/** Which adapter places a new outbound leg. */
export type OriginateChooser = (
  command: Extract<TelephonyCommand, { type: 'leg.originate' }>,
) => 'primary' | 'secondary' | 'browser';

/** A leg's media, for adapters whose legs share one media clock (SIP and WebRTC). */
export type MediaOf = (legId: string) => LegMedia | null;

export interface CompositeOptions {
  /** Browser softphones (WebRTC, BEY-06): agents whose device is the browser, test callers. */
  readonly browser?: TelephonyPort & { mediaOf: MediaOf };
  /** The primary (SIP) adapter's leg media, so SIP and browser legs hear each other. */
  readonly primaryMedia?: MediaOf;
  /** Mixes media of legs on different adapters (a conference across SIP and browser legs). */
  readonly mix?: (members: readonly LegMedia[]) => { close(): void };
}

/**
 * Adapters behind one port: SIP for the network, browser softphones (WebRTC), and the virtual
 * adapter for agents who answer from the API and for demo callers. Each leg lives on the
 * adapter that created it; leg commands follow it there.
 *
 * SIP and browser legs are media sessions on the same media clock, so a bridge or conference
 * between them is joined here, on their media, while each adapter keeps its own leg state. A
 * virtual leg has no audio: bridged to one, a browser leg hears a beep and then silence (the
 * demo caller is simulated and has no voice); SIP legs keep whatever they were hearing.
 */
export class CompositeTelephony implements TelephonyPort {
  private readonly owner = new Map<string, TelephonyPort>();
  private listener: (event: TelephonyEvent) => void = () => {};
  /** Legs bridged across adapters, both ways: a resume re-joins them. */
  private readonly crossPartner = new Map<string, string>();
  private readonly crossMixes = new Map<string, { close(): void }>();
  private readonly browser: (TelephonyPort & { mediaOf: MediaOf }) | null;

  constructor(
    private readonly primary: TelephonyPort,
    private readonly secondary: TelephonyPort,
    private readonly choose: OriginateChooser,
    private readonly options: CompositeOptions = {},
  ) {
    this.browser = options.browser ?? null;
    for (const port of this.ports) {
      port.onEvent((event) => {
        if (event.type === 'leg.offered') this.owner.set(event.legId, port);
        if (event.type === 'leg.ended' || event.type === 'leg.failed') this.forget(event.legId);
        this.listener(event);
      });
    }
  }

  onEvent(listener: (event: TelephonyEvent) => void): void {
    this.listener = listener;
  }

  execute(command: TelephonyCommand): void {
    switch (command.type) {
      case 'leg.originate': {
        const choice = this.choose(command);
        const port =
          choice === 'primary'
            ? this.primary
            : choice === 'browser' && this.browser
              ? this.browser
              : this.secondary;
        this.owner.set(command.legId, port);
        return port.execute(command);
      }
      case 'leg.bridge':
        return this.bridge(command);
      case 'leg.unbridge':
        this.dropCross(command.legA);
        this.dropCross(command.legB);
        return this.toOwners([command.legA, command.legB], command);
      case 'leg.conference':
        return this.conference(command);
      default: {
        this.owner.get(command.legId)?.execute(command);
        const ends = ['leg.hangup', 'leg.redirect', 'leg.transfer'].includes(command.type);
        if (ends) this.forget(command.legId);
        if (command.type === 'leg.resume') this.rejoin(command.legId);
      }
    }
  }

  async close(): Promise<void> {
    for (const mix of this.crossMixes.values()) mix.close();
    this.crossMixes.clear();
    await Promise.all(this.ports.map((p) => p.close()));
  }

  /** Legs this composite routes now (for tests and metrics). */
  get size(): number {
    return this.owner.size;
  }

  private get ports(): TelephonyPort[] {
    return this.browser
      ? [this.primary, this.browser, this.secondary]
      : [this.primary, this.secondary];
  }

  private mediaOf(legId: string): LegMedia | null {
    const port = this.owner.get(legId);
    if (port === this.primary) return this.options.primaryMedia?.(legId) ?? null;
    if (port !== undefined && port === this.browser) return this.browser.mediaOf(legId);
    return null;
  }

  private bridge(command: Extract<TelephonyCommand, { type: 'leg.bridge' }>): void {
    const { legA, legB } = command;
    const a = this.owner.get(legA);
    const b = this.owner.get(legB);
    if (a === undefined || b === undefined || a === b) return this.toOwners([legA, legB], command);
    // Across adapters: each forgets any partner of its own, then the media are joined here.
    for (const id of [legA, legB]) {
      this.dropCross(id);
      this.owner.get(id)?.execute({ type: 'leg.unbridge', legA: id, legB: id });
    }
    this.toOwners([legA, legB], command);
    const mediaA = this.mediaOf(legA);
    const mediaB = this.mediaOf(legB);
    if (mediaA && mediaB) {
      mediaA.bridge(mediaB);
      this.crossPartner.set(legA, legB);
      this.crossPartner.set(legB, legA);
      return;
    }
    // A browser leg bridged to a simulated (virtual) party: a beep says the call is through.
    for (const [id, media] of [
      [legA, mediaA],
      [legB, mediaB],
    ] as const) {
      if (media && this.owner.get(id) === this.browser) {
        media.play([{ kind: 'tone', name: 'beep' }], 'en', 'silence', () => {}, null);
      }
    }
  }

  private conference(command: Extract<TelephonyCommand, { type: 'leg.conference' }>): void {
    this.crossMixes.get(command.conferenceId)?.close();
    this.crossMixes.delete(command.conferenceId);
    const owners = new Set(command.legIds.flatMap((id) => this.owner.get(id) ?? []));
    const media = command.legIds.flatMap((id) => this.mediaOf(id) ?? []);
    if (owners.size < 2 || !this.options.mix || media.length < 2) {
      return this.toOwners(command.legIds, command);
    }
    // Mixed here: each adapter only forgets its legs' partners (a later resume must not re-bridge).
    for (const id of command.legIds) {
      this.dropCross(id);
      this.owner.get(id)?.execute({ type: 'leg.unbridge', legA: id, legB: id });
    }
    this.crossMixes.set(command.conferenceId, this.options.mix(media));
  }

  /** After a resume, a leg bridged across adapters hears its partner again. */
  private rejoin(legId: string): void {
    const partner = this.crossPartner.get(legId);
    if (partner === undefined) return;
    const mine = this.mediaOf(legId);
    const theirs = this.mediaOf(partner);
    if (mine && theirs) mine.bridge(theirs);
  }

  private dropCross(legId: string): void {
    const partner = this.crossPartner.get(legId);
    if (partner === undefined) return;
    this.crossPartner.delete(legId);
    if (this.crossPartner.get(partner) === legId) this.crossPartner.delete(partner);
    this.mediaOf(legId)?.unbridge();
  }

  private forget(legId: string): void {
    this.owner.delete(legId);
    const partner = this.crossPartner.get(legId);
    this.crossPartner.delete(legId);
    if (partner !== undefined && this.crossPartner.get(partner) === legId)
      this.crossPartner.delete(partner);
  }

  private toOwners(legIds: readonly string[], command: TelephonyCommand): void {
    const ports = new Set(legIds.flatMap((id) => this.owner.get(id) ?? []));
    for (const port of ports) port.execute(command);
  }
}
