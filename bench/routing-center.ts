import {
  createState,
  handle,
  type EngineInput,
  type EngineState,
  type HandleResult,
  type QueueInput,
} from '@tsunagu/domain';
import {
  agentId,
  demoConfig,
  DEMO_QUEUE_ID,
  DEMO_QUEUE_NUMBER,
} from '../apps/server/src/runtime/demo-config.js';
import { Prng, mobileNumber } from './prng.js';

/**
 * A large center held in the real engine, driven by calling `handle()` directly (no
 * telephony, no timers), so a benchmark can time single inputs. It plays the parts of the
 * callers, customers and agents' phones itself: whatever the engine asks for in one step, it
 * answers in a later, untimed step.
 */
export interface CenterShape {
  readonly agents: number;
  readonly strategy: 'ordered' | 'longest-idle';
  /** Share of new waiting entries that become callback requests (0..1). */
  readonly callbackShare: number;
  readonly wrapUpSec: number;
  /** Offers ringing and callbacks being dialled at once: how much in-flight work sits at the head. */
  readonly inFlight: number;
  readonly seed: number;
}

interface Talking {
  readonly legId: string;
  readonly agentId: string;
}

type Pending =
  | { readonly kind: 'agent-answers'; readonly legId: string }
  | { readonly kind: 'customer-answers'; readonly callId: string };

const START = Date.UTC(2026, 0, 5, 0, 0);

export class RoutingCenter {
  readonly state: EngineState = createState();
  readonly rng: Prng;
  /** Connected calls, by their customer leg: ending one frees its agent. */
  readonly talking: Talking[] = [];
  /** Live callers on hold, by their leg (for abandonment). */
  readonly holding: string[] = [];
  private readonly pending: Pending[] = [];
  private now = START;
  private callers = 0;

  constructor(readonly shape: CenterShape) {
    this.rng = new Prng(shape.seed);
    const queue: Partial<QueueInput> = {
      strategy: shape.strategy,
      maxSize: 100_000,
      maxWaitSec: 86_400,
      wrapUpSec: shape.wrapUpSec,
      callback: { enabled: shape.callbackShare > 0, minWaiting: 1, key: '1' },
    };
    for (const input of demoConfig({ agentCount: shape.agents, queue })) this.step(input);
  }

  get lineLength(): number {
    return this.state.lines.get(DEMO_QUEUE_ID)?.length ?? 0;
  }

  /** Handles one input, untimed, and plays the parties' parts it calls for later. */
  step(input: EngineInput): HandleResult {
    this.now += 1;
    const result = handle(this.state, input, this.now);
    if (result.error) throw result.error;
    this.absorb(result);
    return result;
  }

  /**
   * Handles one input and returns how long `handle()` took, in nanoseconds, and whether the
   * kernel took the core away meanwhile (an involuntary context switch: another process's
   * time, not the engine's, on a shared machine).
   */
  timed(input: EngineInput): { ns: bigint; preempted: boolean; result: HandleResult } {
    this.now += 1;
    const switches = process.resourceUsage().involuntaryContextSwitches;
    const t0 = process.hrtime.bigint();
    const result = handle(this.state, input, this.now);
    const ns = process.hrtime.bigint() - t0;
    const preempted = process.resourceUsage().involuntaryContextSwitches !== switches;
    if (result.error) throw result.error;
    this.absorb(result);
    return { ns, preempted, result };
  }

  private absorb(result: HandleResult): void {
    for (const e of result.events) {
      if (e.type === 'offer.created') {
        const offer = this.state.offers.get(e.offerId)!;
        this.pending.push({ kind: 'agent-answers', legId: offer.agentLegId });
      } else if (e.type === 'callback.attempt') {
        this.pending.push({ kind: 'customer-answers', callId: e.callId });
      } else if (e.type === 'call.connected') {
        const call = this.state.calls.get(e.callId)!;
        this.talking.push({ legId: call.customerLegId!, agentId: e.agentId });
      }
    }
  }

  /** Lets in-flight work finish (phones answer, customers press 1) down to `keep` items. */
  settle(keep = this.shape.inFlight): void {
    while (this.pending.length > keep) {
      const p = this.pending.shift()!;
      if (p.kind === 'agent-answers') {
        this.step({ type: 'leg.answered', legId: p.legId });
        continue;
      }
      const call = this.state.calls.get(p.callId)!;
      this.step({ type: 'leg.answered', legId: call.customerLegId! });
      this.step({
        type: 'leg.digits-collected',
        legId: call.customerLegId!,
        collectId: call.pendingCollectId!,
        digits: '1',
        timedOut: false,
      });
    }
  }

  setAllAvailable(): void {
    for (let i = 0; i < this.shape.agents; i += 1) {
      this.step({ type: 'agent.set-status', agentId: agentId(i), status: 'available' });
    }
  }

  /** The input of a new caller dialling the queue. */
  arrival(): EngineInput {
    this.callers += 1;
    return {
      type: 'leg.offered',
      legId: `in-${this.callers}`,
      from: mobileNumber(this.callers),
      to: DEMO_QUEUE_NUMBER,
    };
  }

  /** A caller who finds every agent busy waits, or (by the callback share) asks for a callback. */
  addWaiting(): void {
    const input = this.arrival() as Extract<EngineInput, { type: 'leg.offered' }>;
    this.step(input);
    if (this.shape.callbackShare > 0 && this.rng.next() < this.shape.callbackShare) {
      this.requestCallback(input.legId);
    } else {
      this.holding.push(input.legId);
    }
  }

  /** QCB-02 by hand: key 1 on hold, 1 to confirm, the confirmation plays out, the call ends. */
  private requestCallback(legId: string): void {
    const callId = this.state.legs.get(legId)!.callId;
    this.step({ type: 'leg.digit', legId, digit: '1' });
    const collectId = this.state.calls.get(callId)!.pendingCollectId!;
    const r = this.step({
      type: 'leg.digits-collected',
      legId,
      collectId,
      digits: '1',
      timedOut: false,
    });
    if (!r.events.some((e) => e.type === 'callback.requested'))
      throw new Error('callback request refused');
    const playId = this.state.calls.get(callId)!.pendingPlayId!;
    this.step({ type: 'leg.play-done', legId, playId });
  }

  /** Brings the line back to `target` entries. */
  fill(target: number): void {
    while (this.lineLength < target) this.addWaiting();
  }

  /** Puts `n` callers on the phone with agents (all agents must be free). */
  connectCallers(n: number): void {
    for (let i = 0; i < n; i += 1) this.step(this.arrival());
    this.settle(0);
  }

  /** A random connected call; its removal from `talking` is the caller's business. */
  takeTalking(): Talking {
    if (this.talking.length === 0) throw new Error('no connected call left to end');
    const i = this.rng.int(this.talking.length);
    const t = this.talking[i]!;
    this.talking[i] = this.talking[this.talking.length - 1]!;
    this.talking.pop();
    return t;
  }

  /** A random caller still on hold (entries served meanwhile are skipped and forgotten). */
  takeHolding(): string {
    for (;;) {
      const i = this.rng.int(this.holding.length);
      const legId = this.holding[i]!;
      this.holding[i] = this.holding[this.holding.length - 1]!;
      this.holding.pop();
      const leg = this.state.legs.get(legId);
      if (leg && this.state.calls.get(leg.callId)?.state === 'queued') return legId;
    }
  }

  /** The customer on a connected call hangs up (the agent goes to wrap-up or available). */
  hangupInput(t: Talking): EngineInput {
    return { type: 'leg.ended', legId: t.legId, reason: 'hangup' };
  }
}
