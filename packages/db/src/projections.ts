import { isManualPresence, type DomainEvent } from '@tsunagu/domain';
import type { Statement } from './db.js';
import type { ConfigSource } from './event-store.js';
import { recordingInsert } from './inbox.js';

const ts = (ms: number): Date => new Date(ms);

/**
 * The statements that apply one event to the tables that hold what is true now (calls,
 * callbacks, agents, voicemails, call recordings, configuration), appended to `out`. The events
 * table keeps how it came to be.
 */
export function projectEvent(e: DomainEvent, config: ConfigSource, out: Statement[]): void {
  const add = (sql: string, params: Statement['params']): void => {
    out.push({ sql, params });
  };
  switch (e.type) {
    case 'config.center-changed': {
      const center = config.centers.get(e.centerId);
      if (!center) return;
      add(
        `INSERT INTO centers (id, data, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
        [center.id, JSON.stringify(center), ts(e.at)],
      );
      return;
    }
    case 'config.queue-changed': {
      const queue = config.queues.get(e.queueId);
      if (!queue) return;
      add(
        `INSERT INTO queues (id, center_id, data, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
        [queue.id, queue.centerId, JSON.stringify(queue), ts(e.at)],
      );
      return;
    }
    case 'config.agent-changed': {
      const agent = config.agents.get(e.agentId);
      if (!agent) return;
      const { id, centerId, name, skills, device } = agent;
      add(
        `INSERT INTO agents (id, center_id, data, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
        [id, centerId, JSON.stringify({ id, centerId, name, skills, device }), ts(e.at)],
      );
      return;
    }
    case 'agent.status-changed': {
      const manual = isManualPresence(e.to);
      add(
        `UPDATE agents SET presence = $2, reason = $3, presence_since = $4,
           manual_presence = CASE WHEN $5::boolean THEN $2 ELSE manual_presence END,
           manual_reason = CASE WHEN $5::boolean THEN $3 ELSE manual_reason END
         WHERE id = $1`,
        [e.agentId, e.to, e.reason, ts(e.at), manual],
      );
      add(
        `INSERT INTO agent_status_log (agent_id, at, from_state, to_state, reason) VALUES ($1, $2, $3, $4, $5)`,
        [e.agentId, ts(e.at), e.from, e.to, e.reason],
      );
      return;
    }
    case 'call.created':
      add(
        `INSERT INTO calls (id, center_id, kind, queue_id, callback_id, customer_number, our_number, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [
          e.callId,
          e.centerId,
          e.kind,
          e.queueId,
          e.callbackId,
          e.customerNumber,
          e.ourNumber,
          e.kind === 'inbound' ? 'arriving' : 'dialing',
          ts(e.at),
        ],
      );
      return;
    case 'call.state-changed':
      add('UPDATE calls SET state = $2 WHERE id = $1', [e.callId, e.to]);
      return;
    case 'call.connected':
      add('UPDATE calls SET connected_at = $2, agent_id = $3, wait_ms = $4 WHERE id = $1', [
        e.callId,
        ts(e.at),
        e.agentId,
        e.waitMs,
      ]);
      return;
    case 'call.ended':
      add(
        `UPDATE calls SET state = 'ended', ended_at = $2, end_reason = $3, agent_id = COALESCE($4, agent_id)
         WHERE id = $1`,
        [e.callId, ts(e.at), e.reason, e.agentId],
      );
      return;
    case 'call.disposition-set':
      add('UPDATE calls SET disposition_id = $2 WHERE id = $1', [e.callId, e.dispositionId]);
      return;
    case 'callback.requested':
      add(
        `INSERT INTO callbacks (id, center_id, queue_id, number, caller_id, request_call_id, requested_at,
           first_joined_at, seq, due_at, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          e.callbackId,
          e.centerId,
          e.queueId,
          e.number,
          e.callerId,
          e.requestCallId,
          ts(e.at),
          ts(e.firstJoinedAt),
          e.seq,
          e.dueAt === null ? null : ts(e.dueAt),
          e.dueAt === null ? 'pending' : 'scheduled',
        ],
      );
      return;
    case 'callback.state-changed':
      add('UPDATE callbacks SET state = $2 WHERE id = $1', [e.callbackId, e.to]);
      return;
    case 'callback.rescheduled':
      add('UPDATE callbacks SET due_at = $2, first_joined_at = $3, seq = $4 WHERE id = $1', [
        e.callbackId,
        e.dueAt === null ? null : ts(e.dueAt),
        ts(e.firstJoinedAt),
        e.seq,
      ]);
      return;
    case 'callback.attempt':
      add('UPDATE callbacks SET attempts = $2 WHERE id = $1', [e.callbackId, e.attempt]);
      return;
    case 'callback.completed':
      add(
        `UPDATE callbacks SET state = 'completed', outcome = $2, end_reason = $3, completed_at = $4,
           connected_wait_ms = $5 WHERE id = $1`,
        [e.callbackId, e.outcome, e.reason, ts(e.at), e.connectedWaitMs],
      );
      return;
    case 'voicemail.recorded':
      add(
        `INSERT INTO voicemails (id, call_id, queue_id, from_number, duration_ms, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [e.recordingId, e.callId, e.queueId, e.from, e.durationMs, ts(e.at)],
      );
      return;
    case 'call.recorded':
      out.push(
        recordingInsert({
          id: e.recordingId,
          callId: e.callId,
          agentId: e.agentId,
          durationMs: e.durationMs,
          recordedAt: ts(e.at),
        }),
      );
      return;
    default:
      return;
  }
}
