import type { Db } from '@tsunagu/db';
import type { EventBus, PublishedEvent } from '../deps.js';
import { sees, type Audience } from './audience.js';
import { messageOf, readEvents, type ScopedMessage } from './messages.js';
import type { EventScopes } from './scope.js';

/** A transport the session writes to: a WebSocket or a server-sent-events response. */
export interface StreamSink {
  send(id: number, json: string): void;
  /** Bytes accepted and not yet written: the consumer's backlog. */
  buffered(): number;
  close(code: number, reason: string): void;
}

export interface StreamLimits {
  /** Events read from the table per query while catching up. */
  readonly replayPage: number;
  /** Live events held while catching up; beyond it they are dropped and read again. */
  readonly maxHeld: number;
  /** A consumer this far behind (bytes) is disconnected; it resumes with its last event id. */
  readonly maxBacklogBytes: number;
}

export const DEFAULT_LIMITS: StreamLimits = {
  replayPage: 500,
  maxHeld: 10_000,
  maxBacklogBytes: 8 * 1024 * 1024,
};

/**
 * One client's stream. Resume without gap or duplicate: subscribe to the bus first and hold
 * what arrives, then send what the table has after the client's last id, then the held
 * events, skipping ids already sent. Every event is committed before it is published, so an
 * event is either in the table when it is read or arrives on the bus after the subscription;
 * ids grow in commit order, so "id <= last sent" is exactly "already sent".
 */
export class StreamSession {
  private mode: 'catching-up' | 'live' | 'closed' = 'catching-up';
  private held: ScopedMessage[] = [];
  private dropped = false;
  private lastSent: number;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly deps: { db: Db; bus: EventBus; scopes: EventScopes },
    private readonly audience: Audience,
    private readonly sink: StreamSink,
    private readonly from: number | null,
    private readonly limits: StreamLimits = DEFAULT_LIMITS,
  ) {
    this.lastSent = from ?? 0;
  }

  /** Subscribes at once (synchronously), then catches up from the table when resuming. */
  start(): Promise<void> {
    this.unsubscribe = this.deps.bus.subscribe((p) => this.onPublished(p));
    if (this.from === null) {
      this.mode = 'live';
      return Promise.resolve();
    }
    return this.catchUp().catch((err: unknown) => {
      this.close(1011, 'replay failed');
      throw err;
    });
  }

  close(code: number, reason: string): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.unsubscribe?.();
    this.held = [];
    this.sink.close(code, reason);
  }

  get closed(): boolean {
    return this.mode === 'closed';
  }

  private onPublished(p: PublishedEvent): void {
    if (this.mode === 'closed') return;
    const m = messageOf(p.id, p.event, this.deps.scopes.of(p.event));
    if (!sees(this.audience, m.scope)) return;
    if (this.mode === 'live') return this.emit(m);
    if (this.held.length < this.limits.maxHeld) this.held.push(m);
    else {
      // Committed already, so the table has them: drop and read them again.
      this.held = [];
      this.dropped = true;
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      this.dropped = false;
      for (;;) {
        const page = await readEvents(
          this.deps.db,
          this.audience,
          this.lastSent,
          this.limits.replayPage,
        );
        if (this.closed) return;
        for (const m of page) this.emit(m);
        if (page.length < this.limits.replayPage) break;
        await this.drain();
        if (this.closed) return;
      }
      if (!this.dropped) break;
    }
    // Synchronous from here: nothing is published between the flush and going live.
    const held = this.held;
    this.held = [];
    this.mode = 'live';
    for (const m of held) this.emit(m);
  }

  private emit(m: ScopedMessage): void {
    if (this.mode === 'closed' || m.message.id <= this.lastSent) return;
    if (this.sink.buffered() > this.limits.maxBacklogBytes) {
      this.close(4008, 'too far behind; resume with lastEventId');
      return;
    }
    this.sink.send(m.message.id, JSON.stringify(m.message));
    this.lastSent = m.message.id;
  }

  /** While catching up, lets the consumer read before the next page. */
  private async drain(): Promise<void> {
    const low = this.limits.maxBacklogBytes / 4;
    while (!this.closed && this.sink.buffered() > low) await new Promise((r) => setTimeout(r, 10));
  }
}
