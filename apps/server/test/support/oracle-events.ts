import type {
  AgentPresence,
  CallState,
  CallbackState,
  DomainEvent,
  EngineInput,
} from '@tsunagu/domain';
import type { ScenarioRun } from './random-driver.js';

/**
 * An independent model of the hold queue rebuilt from domain events only (never from engine
 * internals): the lines, who is eligible for an agent, outstanding offers, agents' presence,
 * and which agent a released customer-first callback holds. Properties compare what the engine
 * did against it at the moment each event happens.
 */
export interface OracleEntry {
  readonly id: string;
  readonly queueId: string;
  readonly firstJoinedAt: number;
  /** Order of joining, the tie-break for equal first-join times. */
  readonly order: number;
  callId: string | null;
  callbackId: string | null;
  offerId: string | null;
}

export interface OracleOffer {
  readonly entryId: string;
  readonly agentId: string;
  readonly callId: string;
}

const WAITING_CALL: ReadonlySet<CallState> = new Set(['routing', 'queued', 'menu']);
const CALLBACK_READY: ReadonlySet<CallbackState> = new Set(['pending', 'waiting-agent']);
export const CALLBACK_IN_FLIGHT_STATES: ReadonlySet<CallbackState> = new Set([
  'dialing-customer',
  'awaiting-confirmation',
]);

export class PropertyViolation extends Error {
  override name = 'PropertyViolation';
}

/** Cheaper than `expect` in the hot loop; the message carries what fast-check will print. */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new PropertyViolation(message());
}

export class EventOracle {
  readonly entries = new Map<string, OracleEntry>();
  readonly callState = new Map<string, CallState>();
  readonly callbackState = new Map<string, CallbackState>();
  readonly callbackEntry = new Map<string, string>();
  readonly offers = new Map<string, OracleOffer>();
  readonly presence = new Map<string, AgentPresence>();
  /** Calls an agent accepted that have not ended. */
  readonly agentCalls = new Map<string, Set<string>>();
  /** Agent → entry of the customer-first callback released against them. */
  readonly reservedFor = new Map<string, string>();
  /** Bumped whenever a line's content or counting changes. */
  readonly lineVersion = new Map<string, number>();
  private joins = 0;

  constructor(private readonly membersOf: (queueId: string) => readonly string[]) {}

  apply(e: DomainEvent): void {
    switch (e.type) {
      case 'queue.joined':
        this.entries.set(e.entryId, {
          id: e.entryId,
          queueId: e.queueId,
          firstJoinedAt: e.firstJoinedAt,
          order: ++this.joins,
          callId: e.callId,
          callbackId: e.callbackId,
          offerId: null,
        });
        if (e.callbackId !== null) this.callbackEntry.set(e.callbackId, e.entryId);
        this.bump(e.queueId);
        return;
      case 'queue.left':
        this.entries.delete(e.entryId);
        this.bump(e.queueId);
        return;
      case 'call.created':
        if (e.kind === 'inbound') this.callState.set(e.callId, 'arriving');
        return;
      case 'call.state-changed':
        this.callState.set(e.callId, e.to);
        return;
      case 'call.ended':
        this.callState.delete(e.callId);
        if (e.agentId !== null) this.agentCalls.get(e.agentId)?.delete(e.callId);
        return;
      case 'callback.requested': {
        this.callbackState.set(e.callbackId, e.dueAt === null ? 'pending' : 'scheduled');
        const entry = [...this.entries.values()].find((x) => x.callId === e.requestCallId);
        if (entry && e.dueAt === null) {
          entry.callId = null;
          entry.callbackId = e.callbackId;
          this.callbackEntry.set(e.callbackId, entry.id);
          this.bump(entry.queueId);
        }
        return;
      }
      case 'callback.state-changed': {
        this.callbackState.set(e.callbackId, e.to);
        const entryId = this.callbackEntry.get(e.callbackId);
        if (e.to === 'retry-wait' || e.to === 'completed') {
          for (const [agentId, reserved] of this.reservedFor) {
            if (reserved === entryId) this.reservedFor.delete(agentId);
          }
        }
        const entry = entryId === undefined ? undefined : this.entries.get(entryId);
        if (entry) this.bump(entry.queueId);
        return;
      }
      case 'callback.completed':
        this.callbackState.delete(e.callbackId);
        this.callbackEntry.delete(e.callbackId);
        return;
      case 'offer.created': {
        if (e.entryId === null) return; // a transfer offer (AGT-07): not queue work
        this.offers.set(e.offerId, { entryId: e.entryId, agentId: e.agentId, callId: e.callId });
        const entry = this.entries.get(e.entryId);
        if (entry) entry.offerId = e.offerId;
        return;
      }
      case 'offer.accepted':
      case 'offer.missed':
      case 'offer.withdrawn': {
        const offer = this.offers.get(e.offerId);
        this.offers.delete(e.offerId);
        const entry = offer ? this.entries.get(offer.entryId) : undefined;
        if (entry && entry.offerId === e.offerId) entry.offerId = null;
        if (e.type === 'offer.accepted') {
          const calls = this.agentCalls.get(e.agentId) ?? new Set<string>();
          calls.add(e.callId);
          this.agentCalls.set(e.agentId, calls);
        }
        return;
      }
      case 'agent.status-changed':
        this.presence.set(e.agentId, e.to);
        if (e.from === 'available' && e.to !== 'available') this.reservedFor.delete(e.agentId);
        return;
      case 'callback.agent-reserved':
        this.reservedFor.set(e.agentId, e.entryId);
        return;
      case 'queue.assigned':
        if (e.mode === 'callback-release') this.reservedFor.set(e.agentId, e.entryId);
        else {
          for (const [agentId, reserved] of this.reservedFor) {
            if (reserved === e.entryId) this.reservedFor.delete(agentId);
          }
        }
        return;
      default:
        return;
    }
  }

  private bump(queueId: string): void {
    this.lineVersion.set(queueId, (this.lineVersion.get(queueId) ?? 0) + 1);
  }

  /** Work an agent could take now: a waiting caller or a ready callback, with no offer out. */
  eligible(entry: OracleEntry): boolean {
    if (entry.offerId !== null) return false;
    if (entry.callbackId !== null) {
      const s = this.callbackState.get(entry.callbackId);
      return s !== undefined && CALLBACK_READY.has(s);
    }
    if (entry.callId === null) return false;
    const s = this.callState.get(entry.callId);
    return s !== undefined && WAITING_CALL.has(s);
  }

  offersOf(agentId: string): OracleOffer[] {
    return [...this.offers.values()].filter((o) => o.agentId === agentId);
  }

  /** Available, not ringing, not on a call (a reservation does not make an agent busy). */
  isFree(agentId: string): boolean {
    return (
      this.presence.get(agentId) === 'available' &&
      this.offersOf(agentId).length === 0 &&
      (this.agentCalls.get(agentId)?.size ?? 0) === 0
    );
  }

  /** Whether `agentId` could be given `entry` now (free, member, not held for other work). */
  couldServe(agentId: string, entry: OracleEntry): boolean {
    const reserved = this.reservedFor.get(agentId);
    return (
      this.isFree(agentId) &&
      this.membersOf(entry.queueId).includes(agentId) &&
      (reserved === undefined || reserved === entry.id)
    );
  }

  /** Strictly ahead in the same line: earlier first join, or same time and joined before. */
  static ahead(a: OracleEntry, b: OracleEntry): boolean {
    return (
      a.firstJoinedAt < b.firstJoinedAt ||
      (a.firstJoinedAt === b.firstJoinedAt && a.order < b.order)
    );
  }

  lineOf(queueId: string): OracleEntry[] {
    return [...this.entries.values()]
      .filter((e) => e.queueId === queueId)
      .sort((a, b) => a.firstJoinedAt - b.firstJoinedAt || a.order - b.order);
  }

  /** The position a caller should be told: 1 + those ahead, less callbacks waiting to retry. */
  expectedPosition(entry: OracleEntry): number {
    let ahead = 0;
    for (const e of this.entries.values()) {
      if (e === entry || e.queueId !== entry.queueId || !EventOracle.ahead(e, entry)) continue;
      if (e.callbackId !== null && this.callbackState.get(e.callbackId) === 'retry-wait') continue;
      ahead += 1;
    }
    return ahead + 1;
  }
}

export interface WatchHandlers {
  /** Before the oracle applies `event`: the world as it was when the engine emitted it. */
  readonly before?: (event: DomainEvent, oracle: EventOracle, input: EngineInput) => void;
  readonly after?: (event: DomainEvent, oracle: EventOracle, input: EngineInput) => void;
  /** After every input that produced events, with the engine's state as it now is. */
  readonly input?: (
    events: readonly DomainEvent[],
    input: EngineInput,
    oracle: EventOracle,
  ) => void;
}

/** Feeds every event of the run to a fresh oracle, calling the handlers around each. */
export function watch(run: ScenarioRun, handlers: WatchHandlers): EventOracle {
  const members = new Map(run.queueInputs.map((q) => [q.id, q.members ?? []]));
  const oracle = new EventOracle((queueId) => members.get(queueId) ?? []);
  run.vc.runner.addSink((events, input) => {
    for (const event of events) {
      handlers.before?.(event, oracle, input);
      oracle.apply(event);
      handlers.after?.(event, oracle, input);
    }
    handlers.input?.(events, input, oracle);
  });
  return oracle;
}
