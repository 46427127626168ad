import type { Queryable } from '@tsunagu/db';
import type { DomainEvent, DomainEventType } from '@tsunagu/domain';

export interface EventWindow {
  /** The queues whose events count (one center's, or one queue). */
  readonly queueIds: readonly string[];
  readonly types: readonly DomainEventType[];
  /** Events at or after `from` and before `to`. */
  readonly from: Date;
  readonly to: Date;
}

/**
 * The stored domain events of some queues in a period, in commit order, read page by page so a
 * long period does not sit in memory. Reports fold them with the domain's own reducers, the
 * same code the simulator uses, so a report and a simulation define their figures alike.
 */
export async function* eventsInWindow(
  db: Queryable,
  window: EventWindow,
  pageSize = 5000,
): AsyncGenerator<DomainEvent> {
  if (window.queueIds.length === 0 || window.types.length === 0) return;
  let after = 0;
  for (;;) {
    const result = await db.query<{ id: number | string; data: DomainEvent | string }>(
      `SELECT id, data FROM events
       WHERE queue_id = ANY($1::text[]) AND type = ANY($2::text[])
         AND at >= $3 AND at < $4 AND id > $5
       ORDER BY id LIMIT $6`,
      [[...window.queueIds], [...window.types], window.from, window.to, after, pageSize],
    );
    for (const row of result.rows)
      yield typeof row.data === 'string' ? (JSON.parse(row.data) as DomainEvent) : row.data;
    if (result.rows.length < pageSize) return;
    after = Number(result.rows[result.rows.length - 1]!.id);
  }
}
