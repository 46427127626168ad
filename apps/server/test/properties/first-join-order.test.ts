import { describe, it } from 'vitest';
import fc from 'fast-check';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario } from '../support/random-driver.js';
import { EventOracle, check, watch, type OracleEntry } from '../support/oracle-events.js';

const describeEntry = (oracle: EventOracle, e: OracleEntry): string =>
  `${e.id} (queue ${e.queueId}, joined ${e.firstJoinedAt}#${e.order}, call ${e.callId}, callback ${e.callbackId}` +
  ` ${e.callbackId ? oracle.callbackState.get(e.callbackId) : oracle.callState.get(e.callId ?? '')})`;

describe('property: first-join order', () => {
  it('[HQ-01] service follows first-join order among eligible work', () => {
    /** Assignments where the agent could also have taken other (younger) eligible work. */
    let contested = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        watch(run, {
          before: (event, oracle) => {
            if (event.type !== 'queue.assigned') return;
            const entry = oracle.entries.get(event.entryId);
            check(entry !== undefined, () => `assigned ${event.entryId}, which is not in any line`);
            check(
              oracle.eligible(entry),
              () => `assigned ineligible work ${describeEntry(oracle, entry)}`,
            );
            const agent = event.agentId;
            check(
              oracle.couldServe(agent, entry),
              () => `${agent} could not take ${describeEntry(oracle, entry)}`,
            );
            for (const other of oracle.entries.values()) {
              if (other === entry || !oracle.eligible(other) || !oracle.couldServe(agent, other))
                continue;
              contested += 1;
              // Within a queue ties go by joining order; across queues only an earlier time counts.
              const earlier =
                other.queueId === entry.queueId
                  ? EventOracle.ahead(other, entry)
                  : other.firstJoinedAt < entry.firstJoinedAt;
              check(
                !earlier,
                () =>
                  `at ${event.at} ${agent} got ${describeEntry(oracle, entry)} ` +
                  `while ${describeEntry(oracle, other)} joined earlier and was eligible`,
              );
            }
          },
        });
        run.run();
      }),
      scenarioParams(1050),
    );
    if (contested === 0) throw new Error('no assignment ever had a choice to make');
  });

  it('[HQ-01] no eligible caller or callback waits while an agent who could take it is free', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        watch(run, {
          input: (_events, input, oracle) => {
            for (const entry of oracle.entries.values()) {
              if (!oracle.eligible(entry)) continue;
              for (const agentId of run.agentIds) {
                check(
                  !oracle.couldServe(agentId, entry),
                  () =>
                    `after ${input.type} at ${run.vc.scheduler.now()}: ${describeEntry(oracle, entry)} waits ` +
                    `while ${agentId} is free (reserved for ${oracle.reservedFor.get(agentId) ?? 'nothing'})`,
                );
              }
            }
          },
        });
        run.run();
      }),
      scenarioParams(900),
    );
  });
});
