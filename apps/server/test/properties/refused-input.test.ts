import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ERROR_CATALOGUE, type ErrorCode } from '@tsunagu/domain';
import { propertyParams, scenarioArb } from '../support/random-scenario.js';
import { prepareScenario } from '../support/random-driver.js';
import { TEMPLATE_COUNT, refusalAt, refusalsArb } from '../support/random-refusals.js';

const RETRY_EVERY_MS = 500;
const RETRY_FOR_MS = 10 * 60_000;

describe('property: refused input', () => {
  it('[BEY-08] a refused input changes nothing', () => {
    const seen = new Set<ErrorCode>();
    const kinds = new Set<string>();
    const arb = scenarioArb().chain((scenario) =>
      fc.tuple(fc.constant(scenario), refusalsArb(scenario.horizonMs)),
    );
    fc.assert(
      fc.property(arb, ([scenario, refusals]) => {
        const run = prepareScenario(scenario);
        const { runner, scheduler } = run.vc;
        for (const r of refusals) {
          // A refusal that needs a live offer, call or callback waits for one, briefly.
          const giveUpAt = run.start + r.atMs + RETRY_FOR_MS;
          const attempt = (): void => {
            const refused = refusalAt(runner.state, run.queueInputs, r);
            if (refused === null) {
              if (scheduler.now() < giveUpAt) scheduler.after(RETRY_EVERY_MS, attempt);
              return;
            }
            const { input, code, what } = refused;
            const before = structuredClone(runner.state);
            const eventsBefore = run.vc.events.length;
            const pendingBefore = scheduler.pending;
            const result = run.submit(input);
            expect(result, what).toBeDefined();
            expect(result!.error?.code, what).toBe(code);
            expect(Object.keys(ERROR_CATALOGUE)).toContain(result!.error!.code);
            expect(result!.events, what).toEqual([]);
            expect(result!.commands, what).toEqual([]);
            expect(run.vc.events.length, what).toBe(eventsBefore);
            expect(scheduler.pending, what).toBe(pendingBefore);
            expect(runner.state, what).toStrictEqual(before);
            seen.add(code);
            kinds.add(what);
          };
          scheduler.at(run.start + r.atMs, attempt);
        }
        run.run();
      }),
      propertyParams(750),
    );
    // Every kind of refusal came up, including those that need a live call, offer or callback.
    expect([...kinds].sort()).toHaveLength(TEMPLATE_COUNT);
    expect(seen.size).toBeGreaterThanOrEqual(15);
  });
});
