/** How webhook deliveries are attempted; defaults suit production, tests shorten them. */
export interface WebhookPolicy {
  /** A receiver that has not answered by then counts as failed for that attempt. */
  readonly timeoutMs: number;
  /** Attempts in all, the first included; after the last failure the delivery is 'failed'. */
  readonly maxAttempts: number;
  /** The wait before the second attempt; doubled each time, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Deliveries in flight at once, across webhooks (one at a time per webhook, in order). */
  readonly concurrency: number;
  /** How often the table is looked at for due retries and other nodes' work. */
  readonly pollMs: number;
}

/** 12 attempts over about 5 hours: 10 s, 20 s, 40 s, ... capped at an hour, each with jitter. */
export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = {
  timeoutMs: 5_000,
  maxAttempts: 12,
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  concurrency: 16,
  pollMs: 1_000,
};

/**
 * Exponential backoff with "equal jitter": after the n-th failed attempt wait between half
 * and all of base·2^(n-1) (capped), so receivers coming back are not hit by every sender at
 * the same instant and the wait still grows.
 */
export function retryDelayMs(
  failedAttempts: number,
  policy: Pick<WebhookPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exp = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.min(30, Math.max(0, failedAttempts - 1)),
  );
  return Math.round(exp / 2 + random() * (exp / 2));
}
