import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { DomainEvent, EventOf } from '@tsunagu/domain';
import { scenarioArb } from '../support/random-scenario.js';
import { scenarioParams } from '../support/random-counterexamples.js';
import { prepareScenario } from '../support/random-driver.js';
import { check, watch, type OracleOffer } from '../support/oracle-events.js';

const LEAVE_REASONS = new Set([
  'answered',
  'abandoned',
  'callback-requested',
  'callback-completed',
  'voicemail',
  'max-wait',
  'after-hours',
  'scheduled',
]);

interface Miss {
  readonly event: EventOf<'offer.missed'>;
  readonly offer: OracleOffer;
  readonly queueId: string;
  readonly wasCallback: boolean;
  readonly callbackState: string | undefined;
}

/** What must follow a miss within the same input: the agent's fate, and the entry stays. */
function checkBatch(
  misses: readonly Miss[],
  events: readonly DomainEvent[],
  policyOf: (q: string) => string,
): void {
  for (const miss of misses) {
    const { agentId, offerId } = miss.event;
    const i = events.indexOf(miss.event);
    const after = events.slice(i + 1);
    const where = () =>
      `${offerId} of ${miss.offer.entryId} missed by ${agentId} (${miss.event.reason})`;
    check(
      !after.some((e) => e.type === 'queue.left' && e.entryId === miss.offer.entryId),
      () => `${where()}: the entry left the line with the miss`,
    );
    const next = after.find((e) => e.type === 'agent.status-changed' && e.agentId === agentId);
    const policy = policyOf(miss.queueId);
    if (policy === 'keep-ready') {
      check(
        next?.type === 'agent.status-changed' && next.from === 'ringing' && next.to === 'available',
        () => `${where()}: keep-ready agent went ${JSON.stringify(next)}`,
      );
      check(
        !after.some((e) => e.type === 'agent.off-duty-prompt' && e.agentId === agentId),
        () => `${where()}: prompted`,
      );
    } else {
      check(
        next?.type === 'agent.status-changed' && next.from === 'ringing' && next.to === 'off-duty',
        () => `${where()}: agent went ${JSON.stringify(next)} instead of off duty`,
      );
      check(
        after.some(
          (e) =>
            e.type === 'agent.off-duty-prompt' && e.agentId === agentId && e.offerId === offerId,
        ),
        () => `${where()}: no "stay off duty / start working" prompt`,
      );
    }
    // QCB-06: an agent-first callback the agent missed keeps its place, back to pending.
    if (miss.wasCallback && miss.callbackState === 'offering-agent') {
      check(
        after.some((e) => e.type === 'callback.state-changed' && e.to === 'pending'),
        () => `${where()}: the callback did not go back to pending`,
      );
    }
  }
}

describe('property: missed offers', () => {
  it('[AGT-03] nothing disappears on ring timeout or reject', () => {
    let misses = 0;
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const run = prepareScenario(scenario);
        const policies = new Map(
          run.queueInputs.map((q) => [q.id, q.ringTimeoutPolicy ?? 'agent-off-duty']),
        );
        const pending: Miss[] = [];
        /** Entries missed and not yet offered again or gone: each must resolve, never silently. */
        const unresolved = new Map<string, string>();
        watch(run, {
          before: (event, oracle) => {
            if (event.type === 'offer.missed') {
              const offer = oracle.offers.get(event.offerId);
              check(offer !== undefined, () => `${event.offerId} missed but never offered`);
              const entry = oracle.entries.get(offer.entryId);
              check(
                entry !== undefined,
                () => `${event.offerId} missed for an entry not in a line`,
              );
              const callbackState = entry.callbackId
                ? oracle.callbackState.get(entry.callbackId)
                : undefined;
              pending.push({
                event,
                offer,
                queueId: entry.queueId,
                wasCallback: entry.callbackId !== null,
                callbackState,
              });
              unresolved.set(offer.entryId, event.offerId);
              misses += 1;
            } else if (event.type === 'offer.created' && event.entryId !== null) {
              unresolved.delete(event.entryId);
            } else if (event.type === 'queue.left') {
              check(
                LEAVE_REASONS.has(event.reason),
                () => `${event.entryId} left with reason ${event.reason}`,
              );
              unresolved.delete(event.entryId);
            }
          },
          input: (events) => {
            checkBatch(pending, events, (q) => policies.get(q) ?? 'agent-off-duty');
            pending.length = 0;
          },
        });
        run.run();
        check(
          unresolved.size === 0,
          () => `missed and then forgotten: ${[...unresolved].join(', ')}`,
        );
      }),
      scenarioParams(1050),
    );
    if (misses === 0) throw new Error('no offer was ever missed');
  });
});
