import type { Queryable } from './db.js';

/** Ids taken from the sequence per refill: one round trip buys this many events. */
const DEFAULT_BLOCK = 4_096;

/**
 * Event ids drawn from `events_id_seq` ahead of need, so a commit does not wait for a round trip
 * to number its events before it can send them. One node hands them out in order and commits one
 * batch at a time, so ids still grow in commit order; the ids left when a node stops are a gap,
 * which readers of the stream already allow (a sequence never promises no gaps).
 */
export class EventIdPool {
  private ids: number[] = [];
  private next = 0;

  constructor(
    private readonly db: Queryable,
    private readonly block = DEFAULT_BLOCK,
  ) {}

  /** The next `count` ids, in increasing order. */
  async take(count: number): Promise<number[]> {
    if (count === 0) return [];
    if (this.ids.length - this.next < count) await this.refill(count);
    const taken = this.ids.slice(this.next, this.next + count);
    this.next += count;
    return taken;
  }

  private async refill(count: number): Promise<void> {
    const missing = count - (this.ids.length - this.next);
    const result = await this.db.query<{ id: number }>(
      `SELECT nextval('events_id_seq')::bigint AS id FROM generate_series(1, $1::int)`,
      [Math.max(missing, this.block)],
    );
    const fresh = result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    this.ids = [...this.ids.slice(this.next), ...fresh];
    this.next = 0;
  }
}
