-- The supervisor inbox (SPEC AGT-09): voicemail (HQ-02) and call recordings (AGT-04).

-- Who marked a voicemail heard, and when; `listened` stays the flag itself.
ALTER TABLE voicemails ADD COLUMN heard_by text;

ALTER TABLE voicemails ADD COLUMN heard_at timestamptz;

-- The inbox lists newest first and finds a call's message; centers come from the call row.
CREATE INDEX voicemails_recorded_at ON voicemails (recorded_at DESC, id DESC);

CREATE INDEX voicemails_call_id ON voicemails (call_id);

-- One finished call recording (AGT-04): the WAV `<id>.wav` under --recordings-dir. The call row
-- gives its center, queue and numbers; agent_id is the agent on the call when it was recorded.
CREATE TABLE recordings (
  id text PRIMARY KEY,
  call_id text NOT NULL,
  agent_id text,
  duration_ms integer NOT NULL,
  recorded_at timestamptz NOT NULL
);

CREATE INDEX recordings_recorded_at ON recordings (recorded_at DESC, id DESC);

CREATE INDEX recordings_call_id ON recordings (call_id);
