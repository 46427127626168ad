import type { Agent } from '../model/agent.js';
import type { Queue } from '../model/queue.js';
import type { QueueEntry } from '../model/entry.js';

/**
 * Picks the one agent to offer an entry to (AGT-02: one at a time, never ring-all). Only
 * free agents qualify: available, not ringing, not on a call, and not counted against an
 * in-flight callback, except the one reserved for this very callback.
 */
export function isFreeFor(agent: Agent, callbackId: string | null): boolean {
  return (
    agent.presence === 'available' &&
    agent.offerId === null &&
    agent.callId === null &&
    (agent.reservedFor === null || agent.reservedFor === callbackId)
  );
}

export function hasSkills(agent: Agent, required: readonly string[]): boolean {
  for (const skill of required) if (!(skill in agent.skills)) return false;
  return true;
}

function skillScore(agent: Agent, required: readonly string[]): number {
  let score = 0;
  for (const skill of required) score += agent.skills[skill] ?? 0;
  return score;
}

export interface Selection {
  readonly agent: Agent;
  /** Index in members, for the round-robin cursor. */
  readonly index: number;
}

/** What routing reads: all agents, the short list of available ones, the queue's member order. */
export interface RoutingView {
  readonly agents: ReadonlyMap<string, Agent>;
  readonly available: ReadonlySet<string>;
  readonly memberIndex: ReadonlyMap<string, number> | undefined;
}

interface Candidate extends Selection {
  /** Position in this round's order (round robin starts after the last agent offered). */
  readonly turn: number;
}

/**
 * Picks the free agent for `entry` by the queue's strategy. It walks whichever is shorter,
 * the available agents or the members, and breaks every tie by routing order, so both walks
 * pick the same agent. Under the keep-ready policy an agent who missed this entry is tried
 * only when no one else is free.
 */
export function selectAgent(
  queue: Queue,
  entry: QueueEntry,
  view: RoutingView,
  roundRobinCursor: number,
  reservedAgentId: string | null,
): Selection | null {
  const members = view.memberIndex;
  if (!members) return null;
  if (reservedAgentId !== null) {
    const reserved = view.agents.get(reservedAgentId);
    const index = members.get(reservedAgentId);
    if (reserved && index !== undefined && isFreeFor(reserved, entry.callbackId)) {
      return { agent: reserved, index };
    }
  }
  const n = queue.members.length;
  const start = queue.strategy === 'round-robin' ? (roundRobinCursor + 1) % Math.max(n, 1) : 0;
  let best: Candidate | null = null;
  let bestDeclined: Candidate | null = null;
  // Called for every available agent on every dispatch: a candidate object is made only when
  // it beats the best so far.
  const consider = (agent: Agent | undefined, index: number): void => {
    if (!agent || !isFreeFor(agent, entry.callbackId) || !hasSkills(agent, queue.requiredSkills)) {
      return;
    }
    const turn = (index - start + n) % n;
    if (entry.declinedBy.length > 0 && entry.declinedBy.includes(agent.id)) {
      if (!bestDeclined || better(queue, agent, turn, bestDeclined))
        bestDeclined = { agent, index, turn };
    } else if (!best || better(queue, agent, turn, best)) {
      best = { agent, index, turn };
    }
  };
  if (view.available.size < n) {
    for (const id of view.available) {
      const index = members.get(id);
      if (index !== undefined) consider(view.agents.get(id), index);
    }
  } else {
    for (let k = 0; k < n; k += 1) {
      const index = (start + k) % n;
      consider(view.agents.get(queue.members[index]!), index);
      // In order-based strategies the first free agent in turn wins outright.
      if (best && (queue.strategy === 'ordered' || queue.strategy === 'round-robin')) break;
    }
  }
  return best ?? bestDeclined;
}

function better(queue: Queue, agent: Agent, turn: number, b: Candidate): boolean {
  if (queue.strategy === 'skills') {
    const sa = skillScore(agent, queue.requiredSkills);
    const sb = skillScore(b.agent, queue.requiredSkills);
    if (sa !== sb) return sa > sb;
  }
  if (queue.strategy === 'longest-idle' || queue.strategy === 'skills') {
    if (agent.idleSince !== b.agent.idleSince) return agent.idleSince < b.agent.idleSince;
  }
  return turn < b.turn;
}
