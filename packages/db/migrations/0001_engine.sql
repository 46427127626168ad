-- Configuration as the engine validated it (the domain's zod schemas are the contract).
CREATE TABLE centers (
  id text PRIMARY KEY,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE queues (
  id text PRIMARY KEY,
  center_id text NOT NULL REFERENCES centers (id),
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agents (
  id text PRIMARY KEY,
  center_id text NOT NULL REFERENCES centers (id),
  data jsonb NOT NULL,
  presence text NOT NULL DEFAULT 'logged-out',
  reason text,
  presence_since timestamptz,
  -- The last status the agent chose, restored after a restart.
  manual_presence text NOT NULL DEFAULT 'logged-out',
  manual_reason text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every state change, appended in the same transaction as the rows it changes.
CREATE TABLE events (
  id bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  type text NOT NULL,
  center_id text,
  queue_id text,
  call_id text,
  agent_id text,
  data jsonb NOT NULL
);

CREATE SEQUENCE events_id_seq OWNED BY events.id;

CREATE INDEX events_call ON events (call_id) WHERE call_id IS NOT NULL;

CREATE INDEX events_center ON events (center_id, id);

-- Calls: live ones (ended_at IS NULL) and the history (SUP-04). A callback makes two (QCB-14).
CREATE TABLE calls (
  id text PRIMARY KEY,
  center_id text NOT NULL,
  kind text NOT NULL,
  queue_id text,
  callback_id text,
  customer_number text NOT NULL,
  our_number text NOT NULL,
  agent_id text,
  state text NOT NULL,
  created_at timestamptz NOT NULL,
  connected_at timestamptz,
  ended_at timestamptz,
  end_reason text,
  wait_ms integer,
  disposition_id text
);

CREATE INDEX calls_center_created ON calls (center_id, created_at DESC);

CREATE INDEX calls_live ON calls (center_id) WHERE ended_at IS NULL;

CREATE INDEX calls_customer ON calls (customer_number);

-- Callback requests. An open one (outcome IS NULL) keeps its place: first_joined_at.
CREATE TABLE callbacks (
  id text PRIMARY KEY,
  center_id text NOT NULL,
  queue_id text NOT NULL,
  number text NOT NULL,
  caller_id text NOT NULL,
  request_call_id text NOT NULL,
  requested_at timestamptz NOT NULL,
  first_joined_at timestamptz NOT NULL,
  seq bigint NOT NULL,
  due_at timestamptz,
  state text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  outcome text,
  end_reason text,
  completed_at timestamptz,
  connected_wait_ms integer
);

CREATE INDEX callbacks_open ON callbacks (queue_id, first_joined_at, seq) WHERE outcome IS NULL;

CREATE UNIQUE INDEX callbacks_one_open_per_number ON callbacks (center_id, number) WHERE outcome IS NULL;

CREATE TABLE agent_status_log (
  id bigserial PRIMARY KEY,
  agent_id text NOT NULL,
  at timestamptz NOT NULL,
  from_state text NOT NULL,
  to_state text NOT NULL,
  reason text
);

CREATE INDEX agent_status_log_agent ON agent_status_log (agent_id, at DESC);

CREATE TABLE voicemails (
  id text PRIMARY KEY,
  call_id text NOT NULL,
  queue_id text,
  from_number text NOT NULL,
  duration_ms integer NOT NULL,
  recorded_at timestamptz NOT NULL,
  listened boolean NOT NULL DEFAULT false
);

-- Scheduled work that must survive a restart (due callbacks, retries, expiries, wrap-up ends),
-- claimed with FOR UPDATE SKIP LOCKED so several nodes can share it.
CREATE TABLE scheduled_jobs (
  key text PRIMARY KEY,
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  timer jsonb NOT NULL
);

CREATE INDEX scheduled_jobs_due ON scheduled_jobs (due_at);

-- The engine's id sequence, so ids stay unique across restarts.
CREATE TABLE engine_meta (
  key text PRIMARY KEY,
  value bigint NOT NULL
);

INSERT INTO engine_meta (key, value) VALUES ('seq', 0);
