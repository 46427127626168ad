import { describe, it } from 'vitest';
import fc from 'fast-check';
import { checkDomesticNumber, defaultPolicy } from '@tsunagu/domain';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario } from '../support/random-driver.js';
import { check, watch } from '../support/oracle-events.js';

describe('property: callback requests', () => {
  it("[QCB-02] a callback request keeps the caller's place in the queue", () => {
    let kept = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        const waiting = new Map<string, string>();
        watch(run, {
          before: (event, oracle) => {
            if (event.type !== 'callback.requested' || event.dueAt !== null) return;
            const entry = [...oracle.entries.values()].find(
              (e) => e.callId === event.requestCallId,
            );
            check(
              entry !== undefined,
              () => `${event.callbackId} requested by a caller not in a line`,
            );
            check(
              entry.firstJoinedAt === event.firstJoinedAt,
              () =>
                `${event.callbackId} placed at ${event.firstJoinedAt}, caller joined ${entry.firstJoinedAt}`,
            );
            waiting.set(event.callbackId, entry.id);
          },
          input: (events, _input, oracle) => {
            for (const [callbackId, entryId] of waiting) {
              const left = events.find((e) => e.type === 'queue.left' && e.entryId === entryId);
              const completed = events.some(
                (e) => e.type === 'callback.completed' && e.callbackId === callbackId,
              );
              check(
                completed ||
                  (left === undefined && oracle.entries.get(entryId)?.callbackId === callbackId),
                () => `${callbackId}: the caller's entry ${entryId} did not become the request`,
              );
              kept += 1;
            }
            waiting.clear();
          },
        });
        run.run();
      }),
      scenarioParams(750),
    );
    if (kept === 0) throw new Error('no callback was ever requested');
  });

  it('[QCB-07] a number never has two open callback requests, and [QCB-11] every one is domestic', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        const open = new Map<string, string>();
        const numberOf = new Map<string, string>();
        watch(run, {
          before: (event) => {
            if (event.type === 'callback.requested') {
              const holder = open.get(event.number);
              check(
                holder === undefined,
                () => `${event.number} has ${holder} open, yet ${event.callbackId} was accepted`,
              );
              check(
                checkDomesticNumber(event.number, defaultPolicy('JP')) === event.number,
                () => `${event.callbackId} to ${event.number}, not a normalised Japanese number`,
              );
              open.set(event.number, event.callbackId);
              numberOf.set(event.callbackId, event.number);
            } else if (event.type === 'callback.completed') {
              open.delete(numberOf.get(event.callbackId) ?? '');
            } else if (
              event.type === 'callback.refused' &&
              event.code === 'CC_ERR_CALLBACK_DUPLICATE'
            ) {
              check(
                open.has(event.number),
                () => `${event.number} refused as a duplicate with nothing open`,
              );
            }
          },
        });
        run.run();
      }),
      scenarioParams(600),
    );
  });
});
