import type { EventScope } from '@tsunagu/db';
import type { DomainEvent, EngineState } from '@tsunagu/domain';

/** What is remembered of a call after it leaves the engine state (it does when it ends). */
interface CallFacts {
  readonly centerId: string;
  readonly ourNumber: string;
  agentId: string | null;
}

interface CallbackFacts {
  readonly centerId: string;
  readonly ourNumber: string;
}

interface EntryFacts {
  readonly callId: string | null;
  readonly callbackId: string | null;
}

/** A map that forgets its oldest keys beyond `max`, so a long-running node does not grow. */
class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
}

type Fields = Partial<
  Record<'centerId' | 'queueId' | 'agentId' | 'callId' | 'callbackId' | 'entryId', string | null>
>;

/**
 * Resolves each event to the center, agent and center number it concerns (SUP-02). Events are
 * resolved when committed, in commit order; by then the engine state may be ahead (a call that
 * ended in the same batch has left it), so the facts of calls, callbacks and queue entries are
 * learned from the events themselves and kept a while, with the live state as the fallback.
 * The result is memoised per event object, so the live stream sees exactly what was stored.
 */
export class EventScopes {
  private readonly memo = new WeakMap<DomainEvent, EventScope>();
  private readonly calls: BoundedMap<string, CallFacts>;
  private readonly callbacks: BoundedMap<string, CallbackFacts>;
  private readonly entries: BoundedMap<string, EntryFacts>;

  constructor(
    private readonly state: Pick<
      EngineState,
      'queues' | 'agents' | 'calls' | 'callbacks' | 'entries'
    >,
    remembered = 50_000,
  ) {
    this.calls = new BoundedMap(remembered);
    this.callbacks = new BoundedMap(remembered);
    this.entries = new BoundedMap(remembered);
  }

  /** The scope of `event`; call in commit order (EventStore does) so facts are learned first. */
  of(event: DomainEvent): EventScope {
    let scope = this.memo.get(event);
    if (!scope) {
      this.learn(event);
      scope = this.resolve(event);
      this.memo.set(event, scope);
    }
    return scope;
  }

  private learn(e: DomainEvent): void {
    switch (e.type) {
      case 'call.created':
        this.calls.set(e.callId, { centerId: e.centerId, ourNumber: e.ourNumber, agentId: null });
        break;
      // The agent a call concerns: the one it is offered to, then the one it is connected to.
      case 'offer.created':
      case 'offer.accepted':
      case 'call.connected': {
        const call = this.call(e.callId);
        if (call) call.agentId = e.agentId;
        break;
      }
      case 'offer.missed':
      case 'offer.withdrawn': {
        const call = this.call(e.callId);
        if (call && call.agentId === e.agentId) call.agentId = null;
        break;
      }
      case 'callback.requested':
        this.callbacks.set(e.callbackId, { centerId: e.centerId, ourNumber: e.callerId });
        break;
      case 'callback.restored': {
        const cb = this.state.callbacks.get(e.callbackId);
        if (cb) this.callbacks.set(cb.id, { centerId: cb.centerId, ourNumber: cb.callerId });
        if (e.entryId) this.entries.set(e.entryId, { callId: null, callbackId: e.callbackId });
        break;
      }
      case 'queue.joined':
        this.entries.set(e.entryId, { callId: e.callId, callbackId: e.callbackId });
        break;
      default:
        break;
    }
  }

  private resolve(event: DomainEvent): EventScope {
    const d = event as unknown as Fields;
    const entry = d.entryId ? this.entry(d.entryId) : undefined;
    const callId = d.callId ?? entry?.callId ?? null;
    const callbackId = d.callbackId ?? entry?.callbackId ?? null;
    const call = callId ? this.call(callId) : undefined;
    const callback = callbackId ? this.callback(callbackId) : undefined;
    const centerId =
      d.centerId ??
      call?.centerId ??
      callback?.centerId ??
      (d.queueId ? this.state.queues.get(d.queueId)?.centerId : undefined) ??
      (d.agentId ? this.state.agents.get(d.agentId)?.centerId : undefined) ??
      null;
    return {
      centerId,
      agentId: d.agentId ?? call?.agentId ?? null,
      ourNumber: call?.ourNumber ?? callback?.ourNumber ?? null,
    };
  }

  private call(id: string): CallFacts | undefined {
    const known = this.calls.get(id);
    if (known) return known;
    const live = this.state.calls.get(id);
    if (!live) return undefined;
    const facts = { centerId: live.centerId, ourNumber: live.ourNumber, agentId: live.agentId };
    this.calls.set(id, facts);
    return facts;
  }

  private callback(id: string): CallbackFacts | undefined {
    const known = this.callbacks.get(id);
    if (known) return known;
    const live = this.state.callbacks.get(id);
    return live ? { centerId: live.centerId, ourNumber: live.callerId } : undefined;
  }

  private entry(id: string): EntryFacts | undefined {
    return this.entries.get(id) ?? this.state.entries.get(id);
  }
}
