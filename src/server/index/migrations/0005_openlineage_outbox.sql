-- OpenLineage events waiting to be sent (`--openlineage-url`), and those sent: an
-- event is queued once (its run, type and time are its identity), sent in the order
-- it was queued (a batch per document, in time order), and marked sent only once the
-- receiver took it, so a restart resends nothing that was delivered.
CREATE TABLE IF NOT EXISTS openlineage_outbox (
  region TEXT NOT NULL,
  run_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  queued_at BIGINT NOT NULL,
  ord BIGINT NOT NULL,
  payload TEXT NOT NULL,
  sent_at BIGINT,
  PRIMARY KEY (run_id, event_type, event_time)
);
CREATE INDEX IF NOT EXISTS openlineage_outbox_pending ON openlineage_outbox (region, sent_at, queued_at, ord);
