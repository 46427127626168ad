import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { EngineState } from '@tsunagu/domain';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario, type ScenarioRun } from '../support/random-driver.js';
import {
  CALLBACK_IN_FLIGHT_STATES,
  check,
  watch,
  type EventOracle,
} from '../support/oracle-events.js';

const isFree = (s: EngineState, agentId: string): boolean => {
  const a = s.agents.get(agentId);
  return a !== undefined && a.presence === 'available' && a.offerId === null && a.callId === null;
};

/** The engine's reservations: one agent per released callback, and only free agents. */
function checkReservations(run: ScenarioRun): void {
  const s = run.vc.runner.state;
  const holders = new Map<string, string>();
  let inFlight = 0;
  for (const cb of s.callbacks.values()) {
    if (cb.reservedAgentId === null) continue;
    const agentId = cb.reservedAgentId;
    check(
      !holders.has(agentId),
      () => `${agentId} reserved for ${holders.get(agentId)} and ${cb.id}`,
    );
    holders.set(agentId, cb.id);
    check(
      s.agents.get(agentId)?.reservedFor === cb.id,
      () => `${cb.id} holds ${agentId}, who does not know`,
    );
    check(
      isFree(s, agentId),
      () => `${cb.id} holds ${agentId}, who is ${s.agents.get(agentId)?.presence}`,
    );
    check(
      s.queues.get(cb.queueId)?.callback.mode === 'customer-first',
      () => `${cb.id} reserved in agent-first mode`,
    );
    if (CALLBACK_IN_FLIGHT_STATES.has(cb.state)) inFlight += 1;
  }
  for (const a of s.agents.values()) {
    if (a.reservedFor === null) continue;
    check(
      s.callbacks.get(a.reservedFor)?.reservedAgentId === a.id,
      () => `${a.id} reserved for a callback that does not hold it`,
    );
  }
  const free = [...s.agents.keys()].filter((id) => isFree(s, id)).length;
  check(inFlight <= free, () => `${inFlight} callbacks in flight with ${free} free agents`);
}

/** At a release: the callbacks then dialling or greeting, each backed by a free agent. */
function checkRelease(oracle: EventOracle, agentId: string, entryId: string, at: number): void {
  const entry = oracle.entries.get(entryId);
  check(entry?.callbackId != null, () => `release of ${entryId}, which is not a callback`);
  check(
    oracle.callbackState.get(entry.callbackId) === 'pending',
    () => `release of ${entryId} not pending`,
  );
  check(oracle.isFree(agentId), () => `${entryId} released against ${agentId}, who is not free`);
  const held = oracle.reservedFor.get(agentId);
  check(
    held === undefined,
    () => `${entryId} released against ${agentId}, already held for ${held}`,
  );
  let inFlight = 1;
  for (const [, reserved] of oracle.reservedFor) {
    const cb = oracle.entries.get(reserved)?.callbackId;
    const state = cb ? oracle.callbackState.get(cb) : undefined;
    if (state !== undefined && CALLBACK_IN_FLIGHT_STATES.has(state)) inFlight += 1;
  }
  const free = [...oracle.presence.keys()].filter((id) => oracle.isFree(id)).length;
  check(
    inFlight <= free,
    () =>
      `at ${at}: ${inFlight} callbacks in flight after releasing ${entryId}, ${free} free agents`,
  );
}

describe('property: callbacks in flight', () => {
  it('[QCB-04] callbacks in flight never exceed free agents', () => {
    let releases = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        watch(run, {
          before: (event, oracle) => {
            if (event.type !== 'queue.assigned' || event.mode !== 'callback-release') return;
            releases += 1;
            checkRelease(oracle, event.agentId, event.entryId, event.at);
          },
          input: () => checkReservations(run),
        });
        run.run();
      }),
      scenarioParams(1050),
    );
    // The property is only worth something if callbacks were actually released.
    if (releases === 0) throw new Error('no customer-first callback was ever released');
  });

  it('[QCB-09] a callback request never waits in the queue past its maximum wait', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        const maxWaitMs = new Map(
          run.queueInputs.map((q) => [q.id, (q.maxWaitSec ?? 1800) * 1000]),
        );
        watch(run, {
          input: (_events, input, oracle) => {
            const now = run.vc.scheduler.now();
            for (const [callbackId, state] of oracle.callbackState) {
              if (state !== 'pending' && state !== 'retry-wait') continue;
              const entry = oracle.entries.get(oracle.callbackEntry.get(callbackId) ?? '');
              if (!entry) continue;
              const deadline = entry.firstJoinedAt + maxWaitMs.get(entry.queueId)!;
              check(
                now <= deadline,
                () =>
                  `after ${input.type}: ${callbackId} still ${state} ${now - deadline} ms past its max wait`,
              );
            }
          },
        });
        run.run();
      }),
      scenarioParams(750),
    );
  });
});
