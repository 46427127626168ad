import type { TimerRef } from '@tsunagu/domain';
import type { Db } from './db.js';

/**
 * Claims the due durable timers (scheduled_jobs) and deletes them in one transaction.
 * FOR UPDATE SKIP LOCKED: when several nodes share the database, a job another node is
 * claiming is skipped instead of waited for, so each due job goes to exactly one node.
 */
export async function claimDueJobs(db: Db, now: number, limit = 200): Promise<TimerRef[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ timer: TimerRef | string }>(
      `DELETE FROM scheduled_jobs WHERE key IN (
         SELECT key FROM scheduled_jobs WHERE due_at <= $1 ORDER BY due_at LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING timer`,
      [new Date(now), limit],
    );
    return rows.rows.map((r) =>
      typeof r.timer === 'string' ? (JSON.parse(r.timer) as TimerRef) : r.timer,
    );
  });
}
