-- Reports (QCB-14, QCB-15) fold the events of one center's queues over a period; without this
-- index every report would read the whole events table.
CREATE INDEX events_queue_at ON events (queue_id, at) WHERE queue_id IS NOT NULL;
