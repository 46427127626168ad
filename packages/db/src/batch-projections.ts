import { isManualPresence, type DomainEvent } from '@tsunagu/domain';
import type { Statement } from './db.js';
import type { ConfigSource } from './event-store.js';
import { projectEvent } from './projections.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The columns one batch sets on one call row, folded in event order (last write wins). */
interface CallRow {
  id: string;
  /** call.created was in the batch: the row is inserted with these values unless it exists. */
  created: boolean;
  center_id: string | null;
  kind: string | null;
  queue_id: string | null;
  callback_id: string | null;
  customer_number: string | null;
  our_number: string | null;
  created_at: string | null;
  initial_state: string | null;
  set_state: boolean;
  state: string | null;
  set_connected: boolean;
  connected_at: string | null;
  wait_ms: number | null;
  set_agent: boolean;
  agent_id: string | null;
  set_ended: boolean;
  ended_at: string | null;
  end_reason: string | null;
  set_disposition: boolean;
  disposition_id: string | null;
}

const blankCall = (id: string): CallRow => ({
  id,
  created: false,
  center_id: null,
  kind: null,
  queue_id: null,
  callback_id: null,
  customer_number: null,
  our_number: null,
  created_at: null,
  initial_state: null,
  set_state: false,
  state: null,
  set_connected: false,
  connected_at: null,
  wait_ms: null,
  set_agent: false,
  agent_id: null,
  set_ended: false,
  ended_at: null,
  end_reason: null,
  set_disposition: false,
  disposition_id: null,
});

const CALL_COLUMNS = `id text, created boolean, center_id text, kind text, queue_id text,
  callback_id text, customer_number text, our_number text, created_at timestamptz,
  initial_state text, set_state boolean, state text, set_connected boolean,
  connected_at timestamptz, wait_ms integer, set_agent boolean, agent_id text, set_ended boolean,
  ended_at timestamptz, end_reason text, set_disposition boolean, disposition_id text`;

/** Calls created in the batch, with their final values; a row that exists is left alone. */
const INSERT_CALLS_SQL = `
INSERT INTO calls (id, center_id, kind, queue_id, callback_id, customer_number, our_number,
  agent_id, state, created_at, connected_at, ended_at, end_reason, wait_ms, disposition_id)
SELECT id, center_id, kind, queue_id, callback_id, customer_number, our_number, agent_id,
  CASE WHEN set_state THEN state ELSE initial_state END, created_at, connected_at, ended_at,
  end_reason, wait_ms, disposition_id
FROM jsonb_to_recordset($1::jsonb) AS r(${CALL_COLUMNS})
ON CONFLICT (id) DO NOTHING`;

/** The folded changes, applied to the rows that exist before the batch's inserts. */
const UPDATE_CALLS_SQL = `
UPDATE calls c SET
  state = CASE WHEN r.set_state THEN r.state ELSE c.state END,
  connected_at = CASE WHEN r.set_connected THEN r.connected_at ELSE c.connected_at END,
  wait_ms = CASE WHEN r.set_connected THEN r.wait_ms ELSE c.wait_ms END,
  agent_id = CASE WHEN r.set_agent THEN r.agent_id ELSE c.agent_id END,
  ended_at = CASE WHEN r.set_ended THEN r.ended_at ELSE c.ended_at END,
  end_reason = CASE WHEN r.set_ended THEN r.end_reason ELSE c.end_reason END,
  disposition_id = CASE WHEN r.set_disposition THEN r.disposition_id ELSE c.disposition_id END
FROM jsonb_to_recordset($1::jsonb) AS r(${CALL_COLUMNS})
WHERE c.id = r.id`;

const changes = (r: CallRow): boolean =>
  r.set_state || r.set_connected || r.set_agent || r.set_ended || r.set_disposition;

/** Folds call events into one row per call; same final rows as projecting them one by one. */
class CallFold {
  private rows = new Map<string, CallRow>();

  /** False when the event must be applied after what is folded so far (see take()). */
  canTake(e: DomainEvent): boolean {
    // call.created after changes to the same call: whether those changes landed depends on a
    // row that may already exist, so the batch so far is written first.
    if (e.type !== 'call.created') return true;
    const row = this.rows.get(e.callId);
    return !row || row.created;
  }

  /** Folds a call event; returns false for any other event. */
  take(e: DomainEvent): boolean {
    switch (e.type) {
      case 'call.created': {
        const row = this.row(e.callId);
        if (row.created) return true; // a second create did nothing: the row existed by then
        row.created = true;
        row.center_id = e.centerId;
        row.kind = e.kind;
        row.queue_id = e.queueId;
        row.callback_id = e.callbackId;
        row.customer_number = e.customerNumber;
        row.our_number = e.ourNumber;
        row.created_at = iso(e.at);
        row.initial_state = e.kind === 'inbound' ? 'arriving' : 'dialing';
        return true;
      }
      case 'call.state-changed': {
        const row = this.row(e.callId);
        row.set_state = true;
        row.state = e.to;
        return true;
      }
      case 'call.connected': {
        const row = this.row(e.callId);
        row.set_connected = true;
        row.connected_at = iso(e.at);
        row.wait_ms = e.waitMs;
        row.set_agent = true;
        row.agent_id = e.agentId;
        return true;
      }
      case 'call.ended': {
        const row = this.row(e.callId);
        row.set_state = true;
        row.state = 'ended';
        row.set_ended = true;
        row.ended_at = iso(e.at);
        row.end_reason = e.reason;
        if (e.agentId !== null) {
          row.set_agent = true;
          row.agent_id = e.agentId;
        }
        return true;
      }
      case 'call.disposition-set': {
        const row = this.row(e.callId);
        row.set_disposition = true;
        row.disposition_id = e.dispositionId;
        return true;
      }
      default:
        return false;
    }
  }

  /**
   * At most two plain statements: an UPDATE of the rows that already exist, then an INSERT of
   * the calls created in the batch with their final values. In that order neither needs the
   * other's result (a created call whose row exists is updated, then skipped by ON CONFLICT),
   * so they can go to the server in one script. PGlite plans every statement afresh, and one
   * statement with both in CTEs cost more to plan than the two.
   */
  flush(out: Statement[]): void {
    if (this.rows.size === 0) return;
    const rows = [...this.rows.values()];
    this.rows = new Map();
    const updates = rows.filter(changes);
    if (updates.length > 0) out.push({ sql: UPDATE_CALLS_SQL, params: [JSON.stringify(updates)] });
    const created = rows.filter((r) => r.created);
    if (created.length > 0) out.push({ sql: INSERT_CALLS_SQL, params: [JSON.stringify(created)] });
  }

  private row(id: string): CallRow {
    let row = this.rows.get(id);
    if (!row) {
      row = blankCall(id);
      this.rows.set(id, row);
    }
    return row;
  }
}

interface AgentRow {
  agent_id: string;
  presence: string;
  reason: string | null;
  since: string;
  set_manual: boolean;
  manual_presence: string | null;
  manual_reason: string | null;
}

interface StatusLogRow {
  n: number;
  agent_id: string;
  at: string;
  from_state: string;
  to_state: string;
  reason: string | null;
}

/** The agents' current status (last change wins) and every change in the log, in order. */
const AGENTS_SQL = `
WITH logged AS (
  INSERT INTO agent_status_log (agent_id, at, from_state, to_state, reason)
  SELECT agent_id, at, from_state, to_state, reason
  FROM jsonb_to_recordset($2::jsonb) AS l(n integer, agent_id text, at timestamptz,
    from_state text, to_state text, reason text)
  ORDER BY n
)
UPDATE agents a SET presence = r.presence, reason = r.reason, presence_since = r.since,
  manual_presence = CASE WHEN r.set_manual THEN r.manual_presence ELSE a.manual_presence END,
  manual_reason = CASE WHEN r.set_manual THEN r.manual_reason ELSE a.manual_reason END
FROM jsonb_to_recordset($1::jsonb) AS r(agent_id text, presence text, reason text,
  since timestamptz, set_manual boolean, manual_presence text, manual_reason text)
WHERE a.id = r.agent_id`;

class AgentStatusFold {
  private rows = new Map<string, AgentRow>();
  private log: StatusLogRow[] = [];

  take(e: DomainEvent): boolean {
    if (e.type !== 'agent.status-changed') return false;
    const manual = isManualPresence(e.to);
    const before = this.rows.get(e.agentId);
    this.rows.set(e.agentId, {
      agent_id: e.agentId,
      presence: e.to,
      reason: e.reason,
      since: iso(e.at),
      set_manual: manual || (before?.set_manual ?? false),
      manual_presence: manual ? e.to : (before?.manual_presence ?? null),
      manual_reason: manual ? e.reason : (before?.manual_reason ?? null),
    });
    this.log.push({
      n: this.log.length,
      agent_id: e.agentId,
      at: iso(e.at),
      from_state: e.from,
      to_state: e.to,
      reason: e.reason,
    });
    return true;
  }

  /** An agent's row is (re)written by this event: its folded status must land first. */
  touches(e: DomainEvent): boolean {
    return e.type === 'config.agent-changed' && this.rows.has(e.agentId);
  }

  flush(out: Statement[]): void {
    if (this.log.length === 0) return;
    const rows = [...this.rows.values()];
    const log = this.log;
    this.rows = new Map();
    this.log = [];
    out.push({ sql: AGENTS_SQL, params: [JSON.stringify(rows), JSON.stringify(log)] });
  }
}

/**
 * The statements that apply a batch's events to the tables of what is true now, with the same
 * final rows as projectEvent per event, in a few statements: a call's events in one batch
 * (created, several state changes, connected, ended) become one row of one statement, and so do
 * an agent's status changes. Statement count per commit, not rows, is what a busy node pays for
 * (above all on PGlite, where every statement is synchronous work on the event loop).
 *
 * Order only matters within a table, so folded rows are written after the other projections,
 * except where an event would interact with them: then what is folded so far is written first.
 * No statement reads another's result, so the whole list can run as one script.
 */
export function projectBatch(events: readonly DomainEvent[], config: ConfigSource): Statement[] {
  const out: Statement[] = [];
  const calls = new CallFold();
  const agents = new AgentStatusFold();
  for (const e of events) {
    if (!calls.canTake(e)) calls.flush(out);
    if (calls.take(e) || agents.take(e)) continue;
    if (agents.touches(e)) agents.flush(out);
    projectEvent(e, config, out);
  }
  calls.flush(out);
  agents.flush(out);
  return out;
}
