import type { TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import type { TelephonyPort } from './port.js';

/** Which adapter places a new outbound leg. */
export type OriginateChooser = (
  command: Extract<TelephonyCommand, { type: 'leg.originate' }>,
) => 'primary' | 'secondary';

/**
 * Two adapters behind one port: SIP for the network, and the virtual adapter for agents who
 * answer from the API or desktop (no phone yet) and for demo callers. Each leg lives on the
 * adapter that created it; leg commands follow it there. Media cannot cross adapters, so a
 * bridge between them only connects the calls' states, which is what a demo needs.
 */
export class CompositeTelephony implements TelephonyPort {
  private readonly owner = new Map<string, TelephonyPort>();
  private listener: (event: TelephonyEvent) => void = () => {};

  constructor(
    private readonly primary: TelephonyPort,
    private readonly secondary: TelephonyPort,
    private readonly choose: OriginateChooser,
  ) {
    for (const port of [primary, secondary]) {
      port.onEvent((event) => {
        if (event.type === 'leg.offered') this.owner.set(event.legId, port);
        if (event.type === 'leg.ended' || event.type === 'leg.failed')
          this.owner.delete(event.legId);
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
        const port = this.choose(command) === 'primary' ? this.primary : this.secondary;
        this.owner.set(command.legId, port);
        return port.execute(command);
      }
      case 'leg.bridge':
      case 'leg.unbridge':
        return this.toOwners([command.legA, command.legB], command);
      case 'leg.conference':
        return this.toOwners(command.legIds, command);
      default: {
        this.owner.get(command.legId)?.execute(command);
        const ends = ['leg.hangup', 'leg.redirect', 'leg.transfer'].includes(command.type);
        if (ends) this.owner.delete(command.legId);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), this.secondary.close()]);
  }

  /** Legs this composite routes now (for tests and metrics). */
  get size(): number {
    return this.owner.size;
  }

  private toOwners(legIds: readonly string[], command: TelephonyCommand): void {
    const ports = new Set(legIds.flatMap((id) => this.owner.get(id) ?? []));
    for (const port of ports) port.execute(command);
  }
}
