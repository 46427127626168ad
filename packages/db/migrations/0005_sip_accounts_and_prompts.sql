-- Agents' desk phones and announcements replaced by uploaded audio (QCB-16).

-- Accounts the SIP registrar authenticates with digest. The password is never stored: only
-- HA1 = H(username:realm:password) for each algorithm the registrar offers, which is all the
-- registrar needs and cannot be used to sign in anywhere else. The username is the SIP user
-- part, unique across the system since phones register to one registrar for every center.
CREATE TABLE sip_accounts (
  center_id text NOT NULL,
  username text PRIMARY KEY,
  realm text NOT NULL,
  ha1_md5 text NOT NULL,
  ha1_sha256 text NOT NULL,
  -- The agent whose phone this is; NULL for a phone not yet given to anyone.
  agent_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sip_accounts_center ON sip_accounts (center_id);

-- A center's own recording of a prompt in one language, played instead of the built-in one.
-- The audio is a WAV file the API has checked and rewritten as 8 kHz mono 16-bit PCM.
CREATE TABLE prompt_overrides (
  center_id text NOT NULL,
  prompt_id text NOT NULL,
  language text NOT NULL CHECK (language IN ('ja', 'en')),
  audio bytea NOT NULL,
  duration_ms integer NOT NULL CHECK (duration_ms > 0),
  uploaded_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (center_id, prompt_id, language)
);
