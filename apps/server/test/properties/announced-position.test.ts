import { describe, it } from 'vitest';
import fc from 'fast-check';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario } from '../support/random-driver.js';
import { EventOracle, check, watch, type OracleEntry } from '../support/oracle-events.js';

interface Told {
  readonly entry: OracleEntry;
  readonly position: number;
}

describe('property: announced position', () => {
  it('[BEY-01] the announced position equals the routing order', () => {
    let announced = 0;
    let behind = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        // Announcements made at one instant while a line stayed the same, per queue.
        const sameInstant = new Map<string, Told[]>();
        watch(run, {
          before: (event, oracle) => {
            if (event.type !== 'queue.announced' && event.type !== 'queue.joined') return;
            const entry =
              event.type === 'queue.joined'
                ? ({
                    id: event.entryId,
                    queueId: event.queueId,
                    firstJoinedAt: event.firstJoinedAt,
                    order: Infinity,
                  } as OracleEntry)
                : oracle.entries.get(event.entryId);
            check(
              entry !== undefined,
              () => `${event.type} for ${event.entryId}, which is not in a line`,
            );
            const expected = oracle.expectedPosition(entry);
            check(
              event.position === expected,
              () =>
                `${event.type} ${event.entryId} at ${event.at}: told ${event.position}, routing order says ${expected}`,
            );
            if (event.type !== 'queue.announced') return;
            announced += 1;
            if (event.position > 1) behind += 1;
            const key = `${event.queueId}@${event.at}#${oracle.lineVersion.get(event.queueId) ?? 0}`;
            const told = sameInstant.get(key) ?? [];
            for (const other of told) {
              if (other.entry.id === entry.id) continue;
              const first = EventOracle.ahead(other.entry, entry)
                ? other
                : { entry, position: event.position };
              const second = first === other ? { entry, position: event.position } : other;
              check(
                first.position < second.position,
                () =>
                  `${first.entry.id} (first joined) told ${first.position}, ${second.entry.id} told ${second.position}`,
              );
            }
            told.push({ entry, position: event.position });
            sameInstant.set(key, told);
          },
        });
        run.run();
      }),
      scenarioParams(1050),
    );
    // Positions behind the head must have been announced, or the property proved little.
    if (announced === 0 || behind === 0)
      throw new Error(`only ${announced} announcements, ${behind} behind the head`);
  });
});
