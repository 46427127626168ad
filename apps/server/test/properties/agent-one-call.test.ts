import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { EngineState } from '@tsunagu/domain';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario } from '../support/random-driver.js';
import { check, watch } from '../support/oracle-events.js';

const ON_A_CALL = new Set(['on-call', 'on-hold', 'dialing', 'consulting']);

/** The engine's own bookkeeping: offers, calls and presence point at each other consistently. */
function checkState(s: EngineState): void {
  const offered = new Set<string>();
  for (const offer of s.offers.values()) {
    check(!offered.has(offer.agentId), () => `${offer.agentId} has two offers`);
    offered.add(offer.agentId);
    check(
      s.agents.get(offer.agentId)?.offerId === offer.id,
      () => `offer ${offer.id} not on its agent`,
    );
  }
  const onCall = new Set<string>();
  for (const call of s.calls.values()) {
    if (call.agentId === null) continue;
    check(!onCall.has(call.agentId), () => `${call.agentId} is on two calls`);
    onCall.add(call.agentId);
  }
  for (const agent of s.agents.values()) {
    const where = () => `${agent.id} ${agent.presence} call=${agent.callId} offer=${agent.offerId}`;
    check(
      agent.offerId === null || agent.callId === null,
      () => `offered while on a call: ${where()}`,
    );
    if (agent.offerId !== null) {
      check(s.offers.get(agent.offerId)?.agentId === agent.id, () => `stale offer: ${where()}`);
    }
    if (agent.callId !== null) {
      check(s.calls.get(agent.callId)?.agentId === agent.id, () => `stale call: ${where()}`);
    }
    check(
      (agent.presence === 'ringing') === (agent.offerId !== null),
      () => `ringing without offer: ${where()}`,
    );
    if (ON_A_CALL.has(agent.presence))
      check(agent.callId !== null, () => `on a call without one: ${where()}`);
  }
}

describe('property: one call per agent', () => {
  it('[AGT-02] an agent never has two calls', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        watch(run, {
          after: (event, oracle) => {
            if (!('agentId' in event) || typeof event.agentId !== 'string') return;
            const agentId = event.agentId;
            const offers = oracle.offersOf(agentId).length;
            const calls = oracle.agentCalls.get(agentId)?.size ?? 0;
            check(
              offers + calls <= 1,
              () => `${agentId} has ${offers} offers and ${calls} calls after ${event.type}`,
            );
          },
          input: () => checkState(run.vc.runner.state),
        });
        run.run();
      }),
      scenarioParams(900),
    );
  });
});
