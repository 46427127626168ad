import type { AgentPresence, DomainEvent } from '@tsunagu/domain';

/**
 * Where agents' time goes, from their status changes, clipped to the measured window (the
 * hours calls arrive in; the drain after it would dilute every share). Staffed is any status
 * but logged out; talk is on a call, on hold, consulting, or dialling the customer.
 */
export interface AgentTimeFigures {
  readonly staffedHours: number;
  readonly talkHours: number;
  readonly ringingHours: number;
  readonly wrapUpHours: number;
  readonly idleHours: number;
  /** Talk time over staffed time. */
  readonly occupancy: number | null;
}

type Bucket = 'talk' | 'ringing' | 'wrap-up' | 'idle' | 'other' | null;

function bucketOf(p: AgentPresence): Bucket {
  switch (p) {
    case 'logged-out':
      return null;
    case 'on-call':
    case 'on-hold':
    case 'consulting':
    case 'dialing':
      return 'talk';
    case 'ringing':
      return 'ringing';
    case 'wrap-up':
      return 'wrap-up';
    case 'available':
      return 'idle';
    default:
      return 'other';
  }
}

const HOUR_MS = 3_600_000;

type Totals = Record<Exclude<Bucket, null>, number>;

export class AgentTime {
  private readonly current = new Map<string, { presence: AgentPresence; since: number }>();
  private readonly ms: Totals = { talk: 0, ringing: 0, 'wrap-up': 0, idle: 0, other: 0 };

  constructor(
    private readonly windowStart: number,
    private readonly windowEnd: number,
  ) {}

  add(e: DomainEvent): void {
    if (e.type !== 'agent.status-changed') return;
    const state = this.current.get(e.agentId);
    if (state) {
      this.close(this.ms, state.presence, state.since, e.at);
      state.presence = e.to;
      state.since = e.at;
    } else {
      this.current.set(e.agentId, { presence: e.to, since: e.at });
    }
  }

  private close(into: Totals, presence: AgentPresence, since: number, until: number): void {
    const bucket = bucketOf(presence);
    if (bucket === null) return;
    const from = Math.max(since, this.windowStart);
    const to = Math.min(until, this.windowEnd);
    if (to > from) into[bucket] += to - from;
  }

  figures(): AgentTimeFigures {
    // Open intervals run to the end of the window; they are folded into a copy.
    const ms = { ...this.ms };
    for (const { presence, since } of this.current.values())
      this.close(ms, presence, since, this.windowEnd);
    const staffed = ms.talk + ms.ringing + ms['wrap-up'] + ms.idle + ms.other;
    return {
      staffedHours: staffed / HOUR_MS,
      talkHours: ms.talk / HOUR_MS,
      ringingHours: ms.ringing / HOUR_MS,
      wrapUpHours: ms['wrap-up'] / HOUR_MS,
      idleHours: ms.idle / HOUR_MS,
      occupancy: staffed > 0 ? ms.talk / staffed : null,
    };
  }
}
