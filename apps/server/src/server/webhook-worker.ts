import type { EventBus } from '@tsunagu/api';
import type { Db } from '@tsunagu/db';
import type { Logger } from 'pino';
import { DEFAULT_WEBHOOK_POLICY, retryDelayMs, type WebhookPolicy } from './webhooks/policy.js';
import { postDelivery } from './webhooks/post.js';
import { SIGNATURE_HEADER, signatureHeader } from './webhooks/signature.js';
import { DeliveryStore, type ClaimedDelivery } from './webhooks/store.js';

/** Time past the timeout before a claimed delivery counts as abandoned (its node died). */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends webhook deliveries (BEY-04). Deliveries are queued in the same transaction as their
 * events (EventStore), so none is lost; this worker only reads the table. It runs beside the
 * engine, never in its path: the engine never waits for it, and it holds no transaction while
 * a receiver answers, so a receiver that hangs or refuses costs a few short queries per attempt.
 */
export class WebhookWorker {
  private readonly store: DeliveryStore;
  private policy: WebhookPolicy;
  private inflight = 0;
  private readonly attempts = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private poll: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private ticking = false;
  private again = false;
  private kickScheduled = false;
  private anyActive = false;
  private stopped = false;

  constructor(
    db: Db,
    private readonly logger: Logger,
    policy: Partial<WebhookPolicy> = {},
  ) {
    this.store = new DeliveryStore(db);
    this.policy = { ...DEFAULT_WEBHOOK_POLICY, ...policy };
  }

  /** Changes the policy from now on (operators tuning, tests shortening the waits). */
  configure(policy: Partial<WebhookPolicy>): void {
    this.policy = { ...this.policy, ...policy };
    if (this.poll) {
      clearInterval(this.poll);
      this.startPolling();
    }
  }

  /** Polls the table, and looks at once after committed events while any webhook is active. */
  start(bus?: EventBus): void {
    this.startPolling();
    this.unsubscribe = bus?.subscribe(() => this.anyActive && this.kick()) ?? null;
    void this.pass();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    this.unsubscribe?.();
    this.abort.abort();
    await Promise.allSettled([...this.attempts]);
  }

  /** One pass: claims what is due and has room, starts the attempts; resolves once claimed. */
  async tick(): Promise<number> {
    if (this.ticking) {
      this.again = true;
      return 0;
    }
    this.ticking = true;
    let started = 0;
    try {
      do {
        this.again = false;
        const room = this.policy.concurrency - this.inflight;
        if (this.stopped || room <= 0) break;
        const claimed = await this.store.claim(room, this.policy.timeoutMs + LEASE_MARGIN_MS);
        for (const delivery of claimed) this.launch(delivery);
        started += claimed.length;
      } while (this.again);
    } catch (err) {
      if (!this.stopped) this.logger.warn({ err }, 'webhook claim failed');
    } finally {
      this.ticking = false;
    }
    return started;
  }

  private startPolling(): void {
    this.poll = setInterval(() => void this.pass(), this.policy.pollMs);
    this.poll.unref();
  }

  /** A poll: whether any webhook is active (so events wake the worker), then a tick. */
  private async pass(): Promise<void> {
    try {
      this.anyActive = await this.store.anyActive();
      await this.tick();
    } catch (err) {
      if (!this.stopped) this.logger.warn({ err }, 'webhook poll failed');
    }
  }

  /** Coalesces the kicks of one burst of events into one pass. */
  private kick(): void {
    if (this.stopped || this.kickScheduled) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      void this.tick();
    });
  }

  private launch(delivery: ClaimedDelivery): void {
    this.inflight += 1;
    const attempt = this.attempt(delivery)
      .catch((err: unknown) => {
        if (!this.stopped) this.logger.warn({ err, deliveryId: delivery.id }, 'webhook attempt');
      })
      .finally(() => {
        this.inflight -= 1;
        this.attempts.delete(attempt);
        this.kick();
      });
    this.attempts.add(attempt);
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    if (!d.active) return this.store.cancelled(d.id, 'webhook disabled');
    if (!d.event) return this.store.failed(d.id, null, 'event no longer stored');
    const e = d.event;
    const body = JSON.stringify({
      id: e.id,
      type: e.type,
      at: new Date(e.data.at).toISOString(),
      centerId: e.centerId,
      data: e.data,
    });
    const t = Math.floor(Date.now() / 1000);
    const result = await postDelivery(
      d.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Tsunagu-Webhooks/1',
        'x-tsunagu-event-id': String(e.id),
        'x-tsunagu-event-type': e.type,
        'x-tsunagu-delivery-id': String(d.id),
        'x-tsunagu-attempt': String(d.attempts),
        [SIGNATURE_HEADER]: signatureHeader(d.secret, body, t),
      },
      this.policy.timeoutMs,
      this.abort.signal,
    );
    if (this.stopped && !result.ok) return this.store.released(d.id);
    if (result.ok) return this.store.delivered(d.id, result.status);
    this.logger.info(
      { webhookId: d.webhookId, deliveryId: d.id, attempt: d.attempts, error: result.error },
      'webhook delivery failed',
    );
    if (d.attempts >= this.policy.maxAttempts)
      return this.store.failed(d.id, result.status, result.error);
    return this.store.retryLater(
      d.id,
      retryDelayMs(d.attempts, this.policy),
      result.status,
      result.error,
    );
  }
}
