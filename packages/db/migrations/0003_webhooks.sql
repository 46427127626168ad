-- Live events and webhooks (BEY-04, SUP-02).

-- The center number (caller ID) an event is about, so a stream replayed from this table can be
-- filtered by the caller IDs a user may see, as the live stream is (SUP-02).
ALTER TABLE events ADD COLUMN our_number text;

-- Admin-registered receivers, one center each. The secret is kept as is: the server needs it to
-- sign every delivery (HMAC), so it cannot be a one-way hash; it is shown to the admin only once.
CREATE TABLE webhooks (
  id text PRIMARY KEY,
  center_id text NOT NULL,
  url text NOT NULL,
  secret text NOT NULL,
  -- NULL: every event type; otherwise exact types ('call.ended') or families ('call.*').
  event_types text[],
  active boolean NOT NULL DEFAULT true,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX webhooks_center_active ON webhooks (center_id) WHERE active;

-- One row per (webhook, event), written in the same transaction as the event, so a committed
-- event is never lost to a crash. A worker claims due rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  webhook_id text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id bigint NOT NULL,
  -- pending (due at next_attempt_at, or leased while in flight), delivered, failed, cancelled.
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id)
);

-- The unique (webhook_id, event_id) index serves each webhook's line in event order.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
