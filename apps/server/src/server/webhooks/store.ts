import type { Db } from '@tsunagu/db';

/** A delivery claimed for one attempt, with what is needed to send it. */
export interface ClaimedDelivery {
  readonly id: number;
  readonly webhookId: string;
  readonly url: string;
  readonly secret: string;
  readonly active: boolean;
  /** Attempts so far, this one included. */
  readonly attempts: number;
  readonly event: {
    readonly id: number;
    readonly type: string;
    readonly centerId: string | null;
    readonly data: Record<string, unknown> & { at: number };
  } | null;
}

interface ClaimRow {
  id: number | string;
  webhook_id: string;
  url: string;
  secret: string;
  active: boolean;
  attempts: number;
  event_id: number | string;
  type: string | null;
  center_id: string | null;
  data: (Record<string, unknown> & { at: number }) | string | null;
}

/**
 * The webhook_deliveries table as the worker uses it. No transaction is held while a
 * receiver is called: a claim is a lease (next_attempt_at pushed past the timeout), taken
 * in one statement with FOR UPDATE SKIP LOCKED, so several nodes share the work and a node
 * that dies mid-attempt leaves the delivery due again when the lease ends.
 */
export class DeliveryStore {
  constructor(private readonly db: Db) {}

  async anyActive(): Promise<boolean> {
    const rows = await this.db.query<{ any: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM webhooks WHERE active) AS any',
    );
    return rows.rows[0]?.any === true;
  }

  /**
   * Due deliveries, at most one per webhook: the earliest pending one, and only when nothing
   * earlier of the same webhook is pending (in flight or waiting to retry), so each receiver
   * gets its events in order.
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = await this.db.query<ClaimRow>(
      `WITH due AS (
         SELECT c.id FROM webhook_deliveries c
         WHERE c.status = 'pending' AND c.next_attempt_at <= now()
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries p
             WHERE p.webhook_id = c.webhook_id AND p.status = 'pending'
               AND p.event_id < c.event_id)
         ORDER BY c.event_id LIMIT $1
         FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1, last_attempt_at = now(),
             next_attempt_at = now() + make_interval(secs => $2)
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.webhook_id, d.event_id, d.attempts
       )
       SELECT c.id, c.webhook_id, c.attempts, c.event_id, w.url, w.secret, w.active,
              e.type, e.center_id, e.data
       FROM claimed c JOIN webhooks w ON w.id = c.webhook_id
       LEFT JOIN events e ON e.id = c.event_id
       ORDER BY c.event_id, c.id`,
      [limit, leaseMs / 1000],
    );
    return rows.rows.map((r) => ({
      id: Number(r.id),
      webhookId: r.webhook_id,
      url: r.url,
      secret: r.secret,
      active: r.active,
      attempts: r.attempts,
      event:
        r.type === null || r.data === null
          ? null
          : {
              id: Number(r.event_id),
              type: r.type,
              centerId: r.center_id,
              data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
            },
    }));
  }

  async delivered(id: number, status: number | null): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = now(),
         last_status = $2, last_error = NULL WHERE id = $1`,
      [id, status],
    );
  }

  /** Another attempt after `delayMs`; a delivery cancelled meanwhile stays cancelled. */
  async retryLater(id: number, delayMs: number, status: number | null, error: string | null) {
    await this.db.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $2),
         last_status = $3, last_error = $4 WHERE id = $1 AND status = 'pending'`,
      [id, delayMs / 1000, status, error],
    );
  }

  async failed(id: number, status: number | null, error: string | null): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_status = $2, last_error = $3
       WHERE id = $1 AND status = 'pending'`,
      [id, status, error],
    );
  }

  async cancelled(id: number, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'cancelled', last_error = $2 WHERE id = $1`,
      [id, reason],
    );
  }

  /** An attempt interrupted by shutdown: not counted, due at once on the next start. */
  async released(id: number): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET attempts = attempts - 1, next_attempt_at = now()
       WHERE id = $1 AND status = 'pending'`,
      [id],
    );
  }
}
