-- Where agents' desk phones registered (RFC 3261 §10), so a restarted node can ring them before
-- they register again (phones re-register only when their binding nears expiry, often an hour).
-- One row per account; `bindings` is the registrar's list for it, each with its expiry.
CREATE TABLE sip_registrations (
  username text PRIMARY KEY REFERENCES sip_accounts (username) ON DELETE CASCADE,
  bindings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
