import type { Db, EventScope, SqlParam } from '@tsunagu/db';
import type { DomainEvent } from '@tsunagu/domain';
import { z } from 'zod';
import { audienceSql, type Audience, type ScopedEvent } from './audience.js';

/** One event as streams, polling and webhooks deliver it. */
export const StreamMessageSchema = z.object({
  id: z.number().int().describe('Strictly increasing; resume after it / 再開位置'),
  type: z.string(),
  at: z.string().describe('ISO 8601'),
  centerId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).describe('The domain event / ドメインイベント'),
});

export type StreamMessage = z.output<typeof StreamMessageSchema>;

/** A message with the scope that decides who sees it. */
export interface ScopedMessage {
  readonly message: StreamMessage;
  readonly scope: ScopedEvent;
}

export function messageOf(id: number, event: DomainEvent, scope: EventScope): ScopedMessage {
  return {
    message: {
      id,
      type: event.type,
      at: new Date(event.at).toISOString(),
      centerId: scope.centerId,
      data: event as unknown as Record<string, unknown>,
    },
    scope: { type: event.type, ...scope },
  };
}

interface EventRow {
  id: number | string;
  center_id: string | null;
  agent_id: string | null;
  our_number: string | null;
  data: DomainEvent | string;
}

/** Events after `afterId` that `audience` may see, in id order, at most `limit`. */
export async function readEvents(
  db: Db,
  audience: Audience,
  afterId: number,
  limit: number,
  upToId?: number,
): Promise<ScopedMessage[]> {
  const params: SqlParam[] = [afterId];
  const upTo = upToId === undefined ? '' : `AND id <= $${params.push(upToId)}`;
  const where = audienceSql(audience, params);
  params.push(limit);
  const rows = await db.query<EventRow>(
    `SELECT id, center_id, agent_id, our_number, data FROM events
     WHERE id > $1 ${upTo} AND ${where}
     ORDER BY id LIMIT $${params.length}`,
    params,
  );
  return rows.rows.map((r) => {
    const event = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as DomainEvent;
    return messageOf(Number(r.id), event, {
      centerId: r.center_id,
      agentId: r.agent_id,
      ourNumber: r.our_number,
    });
  });
}

/** The newest committed event id (0 when none): where a stream that resumes may start. */
export async function lastEventId(db: Db): Promise<number> {
  const rows = await db.query<{ id: number | string | null }>('SELECT max(id) AS id FROM events');
  return Number(rows.rows[0]?.id ?? 0);
}
