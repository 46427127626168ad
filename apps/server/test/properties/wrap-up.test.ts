import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { EngineInput } from '@tsunagu/domain';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario, type ScenarioRun } from '../support/random-driver.js';
import { check, watch } from '../support/oracle-events.js';

const AFTER_CALL_REASON = 'after-call-work';

/** Whether `input` is this agent choosing something on the desktop (which may end wrap-up). */
const agentChose = (input: EngineInput, agentId: string): boolean =>
  (input.type === 'agent.set-status' || input.type === 'wrap-up.end') && input.agentId === agentId;

function settings(run: ScenarioRun) {
  return new Map(
    run.queueInputs.map((q) => [
      q.id,
      { wrapUpMs: (q.wrapUpSec ?? 0) * 1000, after: q.afterCallStatus ?? 'available' },
    ]),
  );
}

describe('property: after-call work', () => {
  it('[AGT-06] an agent in wrap-up never receives an offer, and wrap-up lasts the queue time unless ended early', () => {
    let wrapUps = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        const queues = settings(run);
        const endedIn = new Map<string, string | null>();
        const inWrapUp = new Map<string, { endsAt: number }>();
        watch(run, {
          before: (event, _oracle, input) => {
            switch (event.type) {
              case 'call.ended':
                endedIn.set(event.callId, event.queueId);
                return;
              case 'agent.wrap-up-started': {
                wrapUps += 1;
                const queueId = endedIn.get(event.callId);
                const expected = queueId ? queues.get(queueId)!.wrapUpMs : 0;
                check(
                  event.endsAt - event.at === expected,
                  () =>
                    `${event.agentId} wrap-up of ${event.endsAt - event.at} ms, queue says ${expected}`,
                );
                inWrapUp.set(event.agentId, { endsAt: event.endsAt });
                return;
              }
              case 'agent.wrap-up-ended': {
                const w = inWrapUp.get(event.agentId);
                check(w !== undefined, () => `${event.agentId} ended a wrap-up it was not in`);
                if (event.early) {
                  check(
                    agentChose(input, event.agentId),
                    () => `${event.agentId} wrap-up ended early by ${input.type}`,
                  );
                  check(event.at <= w.endsAt, () => `${event.agentId} "early" end after its time`);
                } else {
                  check(
                    event.at === w.endsAt,
                    () => `${event.agentId} wrap-up ended at ${event.at}, due ${w.endsAt}`,
                  );
                }
                inWrapUp.delete(event.agentId);
                return;
              }
              case 'offer.created':
                check(
                  !inWrapUp.has(event.agentId),
                  () => `${event.agentId} offered ${event.offerId} during wrap-up`,
                );
                return;
              default:
                return;
            }
          },
        });
        run.run();
      }),
      scenarioParams(600),
    );
    if (wrapUps === 0) throw new Error('no wrap-up ever started');
  });

  it('[CTI-09] after a call in a queue set to busy, the agent gets no call until they choose ready', () => {
    let busyAfterCall = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        const queues = settings(run);
        const endedIn = new Map<string, string | null>();
        /** Agents who finished a call and must land in the queue's after-call status. */
        const owed = new Map<string, 'available' | 'busy'>();
        const mustChoose = new Set<string>();
        watch(run, {
          before: (event, oracle, input) => {
            if (input.type === 'agent.set-status') mustChoose.delete(input.agentId);
            switch (event.type) {
              case 'call.ended': {
                endedIn.set(event.callId, event.queueId);
                const agentId = event.agentId;
                if (
                  agentId === null ||
                  !(oracle.agentCalls.get(agentId)?.has(event.callId) ?? false)
                )
                  return;
                const s = event.queueId ? queues.get(event.queueId) : undefined;
                if (s) owed.set(agentId, s.after);
                return;
              }
              case 'agent.status-changed': {
                const due = owed.get(event.agentId);
                if (due === undefined || event.to === 'wrap-up') return;
                owed.delete(event.agentId);
                // A status the agent chose during wrap-up wins over the queue's setting.
                if (agentChose(input, event.agentId) && input.type === 'agent.set-status') return;
                check(
                  event.to === due,
                  () => `${event.agentId} went ${event.to} after the call, queue says ${due}`,
                );
                if (due === 'busy') {
                  check(
                    event.reason === AFTER_CALL_REASON,
                    () => `${event.agentId} busy for ${event.reason}`,
                  );
                  busyAfterCall += 1;
                  mustChoose.add(event.agentId);
                }
                return;
              }
              case 'offer.created':
                check(
                  !mustChoose.has(event.agentId),
                  () => `${event.agentId} offered ${event.offerId} before choosing ready`,
                );
                return;
              default:
                return;
            }
          },
        });
        run.run();
      }),
      scenarioParams(600),
    );
    if (busyAfterCall === 0) throw new Error('no agent was ever set busy after a call');
  });
});
