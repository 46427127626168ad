import { describe, expect, it } from 'vitest';
import { PRIORITY_STEP_MS } from '@tsunagu/domain';
import { agentId } from '../../src/runtime/demo-config.js';
import { forCall, setup, type Scenario, type ScenarioOptions } from '../support/scenario-center.js';
import { REJECTS, holdingCaller } from '../support/scenario-scripts.js';

const A1 = agentId(0);
const A2 = agentId(1);
const A3 = agentId(2);

/** Callers one after another, each talking 5 s, so every agent is free again for the next. */
function servedBy(sc: Scenario, count: number): string[] {
  const agents: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const leg = sc.call(`0901111${String(2000 + i)}`, holdingCaller({}, 5_000));
    sc.run(30_000);
    agents.push(forCall(sc.eventsOf('call.connected'), sc.callIdOf(leg))[0]!.agentId);
  }
  return agents;
}

describe('who is offered the call', () => {
  it('[AGT-02] one agent at a time, the first available in the admin order (not ring-all)', () => {
    const sc = setup({ agentCount: 3, queue: { members: [A3, A1, A2] } });
    let mostRinging = 0;
    sc.vc.runner.addSink(() => {
      const ringing = [A1, A2, A3].filter((a) => sc.agent(a).presence === 'ringing').length;
      mostRinging = Math.max(mostRinging, ringing);
    });
    const leg = sc.call('09011112222');
    sc.run(1_000);
    expect(sc.eventsOf('offer.created').map((o) => o.agentId)).toEqual([A3]);
    expect(sc.commands.filter((c) => c.type === 'leg.originate')).toHaveLength(1);
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(leg))).toMatchObject([
      { agentId: A3 },
    ]);
    expect(mostRinging).toBe(1);
  });

  it('[AGT-02] if the first in order rejects, the next in order rings', () => {
    const sc = setup({ agentCount: 3, queue: { members: [A3, A1, A2] } });
    sc.phones.set(A3, REJECTS);
    sc.phones.set(A1, REJECTS);
    const leg = sc.call('09011112222');
    sc.run(10_000);
    const offers = forCall(sc.eventsOf('offer.created'), sc.callIdOf(leg));
    expect(offers.map((o) => o.agentId)).toEqual([A3, A1, A2]);
    // Each offer starts only when the one before it is over.
    const missed = sc.eventsOf('offer.missed');
    expect(offers[1]!.at).toBe(missed[0]!.at);
    expect(offers[2]!.at).toBe(missed[1]!.at);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(leg))).toMatchObject([
      { agentId: A2 },
    ]);
  });

  it('[AGT-02] ordered: every call goes to the first free agent in order', () => {
    const sc = setup({ agentCount: 3, queue: { strategy: 'ordered' } });
    expect(servedBy(sc, 4)).toEqual([A1, A1, A1, A1]);
  });

  it('[AGT-02] round-robin: calls go round the members in order', () => {
    const sc = setup({ agentCount: 3, queue: { strategy: 'round-robin' } });
    expect(servedBy(sc, 4)).toEqual([A1, A2, A3, A1]);
  });

  it('[AGT-02] round-robin skips a member who is not free', () => {
    const sc = setup({ agentCount: 3, queue: { strategy: 'round-robin' } });
    sc.setStatus(A2, 'break');
    expect(servedBy(sc, 3)).toEqual([A1, A3, A1]);
  });

  it('[AGT-02] longest-idle: the agent available the longest is chosen', () => {
    const sc = setup({ agentCount: 3, available: 0, queue: { strategy: 'longest-idle' } });
    sc.setStatus(A2, 'available');
    sc.run(60_000);
    sc.setStatus(A3, 'available');
    sc.run(60_000);
    sc.setStatus(A1, 'available');
    sc.run(60_000);
    // Each agent, once served, becomes the most recently idle.
    expect(servedBy(sc, 4)).toEqual([A2, A3, A1, A2]);
  });
});

describe('skills and priority', () => {
  const skilled: ScenarioOptions = {
    agentCount: 3,
    agents: [{ skills: {} }, { skills: { billing: 3 } }, { skills: { billing: 7, english: 2 } }],
    queue: { strategy: 'skills', requiredSkills: ['billing'] },
  };

  it('[BEY-03] skills: the agent with the higher skill level is chosen', () => {
    const sc = setup(skilled);
    expect(servedBy(sc, 2)).toEqual([A3, A3]);
    sc.setStatus(A3, 'break');
    expect(servedBy(sc, 1)).toEqual([A2]);
  });

  it('[BEY-03] agents without the required skill are never offered, even when they alone are free', () => {
    const sc = setup({ ...skilled, available: 1 });
    const leg = sc.call('09011112222');
    sc.run(5 * 60_000);
    expect(sc.eventsOf('offer.created')).toHaveLength(0);
    expect(forCall(sc.eventsOf('queue.entered-hold'), sc.callIdOf(leg))).toHaveLength(1);
    sc.setStatus(A2, 'available');
    sc.run(5_000);
    expect(forCall(sc.eventsOf('call.connected'), sc.callIdOf(leg))).toMatchObject([
      { agentId: A2 },
    ]);
  });

  const vip = (priority: number) => ({
    id: 'vip',
    centerId: 'tokyo',
    name: 'VIP',
    numbers: ['0312340000'],
    members: [A1],
    priority,
  });

  function firstServed(vipPriority: number, vipDelayMs: number): 'support' | 'vip' {
    const sc = setup({ agentCount: 1, queuesBefore: [vip(vipPriority)] });
    sc.occupy([A1]);
    sc.call('09011112222');
    sc.run(vipDelayMs);
    sc.call('09011113333', holdingCaller(), '0312340000');
    sc.run(5_000);
    sc.hangUp(A1);
    sc.run(5_000);
    return sc.eventsOf('call.connected').at(-1)!.queueId as 'support' | 'vip';
  }

  it('[BEY-03] a higher-priority queue is served first across an agent’s queues', () => {
    expect(firstServed(1, 0)).toBe('vip');
    expect(firstServed(0, 0)).toBe('support');
  });

  it('[BEY-03] priority outweighs a later join only up to its step, so older callers age past it', () => {
    expect(firstServed(1, PRIORITY_STEP_MS / 2)).toBe('vip');
    expect(firstServed(1, PRIORITY_STEP_MS * 1.5)).toBe('support');
  });
});
