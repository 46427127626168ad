/**
 * Timers the engine asks for. The engine never reads a clock: it sets a timer with a command
 * and learns it fired from a `timer.fired` input. A fired timer that no longer applies (the
 * offer was answered, the wrap-up ended early) is recognised and ignored.
 */
export type TimerRef =
  | { readonly kind: 'offer-timeout'; readonly offerId: string }
  | { readonly kind: 'wrap-up-end'; readonly agentId: string; readonly seq: number }
  | { readonly kind: 'max-wait'; readonly entryId: string }
  | { readonly kind: 'announce'; readonly entryId: string }
  | { readonly kind: 'callback-retry'; readonly callbackId: string }
  | { readonly kind: 'callback-due'; readonly callbackId: string };

/** A stable key per timer so adapters can keep one map and cancel by key. */
export function timerKey(t: TimerRef): string {
  switch (t.kind) {
    case 'offer-timeout':
      return `offer-timeout:${t.offerId}`;
    case 'wrap-up-end':
      return `wrap-up-end:${t.agentId}:${t.seq}`;
    case 'max-wait':
      return `max-wait:${t.entryId}`;
    case 'announce':
      return `announce:${t.entryId}`;
    case 'callback-retry':
      return `callback-retry:${t.callbackId}`;
    case 'callback-due':
      return `callback-due:${t.callbackId}`;
  }
}
