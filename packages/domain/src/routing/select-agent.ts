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

export function selectAgent(
  queue: Queue,
  entry: QueueEntry,
  agents: ReadonlyMap<string, Agent>,
  roundRobinCursor: number,
  reservedAgentId: string | null,
): Selection | null {
  if (reservedAgentId !== null) {
    const reserved = agents.get(reservedAgentId);
    if (reserved && isFreeFor(reserved, entry.callbackId)) {
      const index = queue.members.indexOf(reserved.id);
      if (index >= 0) return { agent: reserved, index };
    }
  }
  let best: Selection | null = null;
  let bestDeclined: Selection | null = null;
  const n = queue.members.length;
  const start = queue.strategy === 'round-robin' ? (roundRobinCursor + 1) % Math.max(n, 1) : 0;
  for (let k = 0; k < n; k += 1) {
    const index = (start + k) % n;
    const agent = agents.get(queue.members[index]!);
    if (!agent || !isFreeFor(agent, entry.callbackId) || !hasSkills(agent, queue.requiredSkills))
      continue;
    const candidate = { agent, index };
    if (entry.declinedBy.length > 0 && entry.declinedBy.includes(agent.id)) {
      if (!bestDeclined || better(queue, candidate, bestDeclined)) bestDeclined = candidate;
      continue;
    }
    if (queue.strategy === 'ordered' || queue.strategy === 'round-robin') return candidate;
    if (!best || better(queue, candidate, best)) best = candidate;
  }
  // Under the keep-ready policy an agent who missed this entry is tried only when no one else is free.
  return best ?? bestDeclined;
}

function better(queue: Queue, a: Selection, b: Selection): boolean {
  if (queue.strategy === 'skills') {
    const sa = skillScore(a.agent, queue.requiredSkills);
    const sb = skillScore(b.agent, queue.requiredSkills);
    if (sa !== sb) return sa > sb;
  }
  if (queue.strategy === 'ordered' || queue.strategy === 'round-robin') return false;
  return a.agent.idleSince < b.agent.idleSince;
}
