-- The change log (issue 23 item 1): one row per committed write of bars, appended by the writer in
-- the same transaction as the bars, so that a replica on a hot standby (which receives no NOTIFY)
-- can follow the writers by polling `seq > last seen` (store/postgres/bar_change_follower.h).
--
-- seq is commit-ordered and dense: a writer takes the next number by updating the single row of
-- fo_bar_change_counter as the last statement of its transaction, and that row lock is held until
-- COMMIT, so the next writer only gets its number after the previous one committed (or rolled
-- back, which returns its number). A reader that sees seq N has therefore seen every seq below N;
-- a bigserial could not promise that (a transaction holding a lower number may commit later).
-- first_bucket..last_bucket: the 1-minute buckets the write touched (option bars, future bars,
-- replaced contract-days), inclusive. committed_at: the writer's clock just before COMMIT.
-- Rows older than the writer's retention (7 days) are deleted by the writer.
CREATE TABLE IF NOT EXISTS fo_bar_change_counter (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_seq bigint NOT NULL
);
INSERT INTO fo_bar_change_counter (id, last_seq) VALUES (true, 0) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS fo_bar_changes (
  seq bigint PRIMARY KEY,
  first_bucket timestamptz NOT NULL,
  last_bucket timestamptz NOT NULL,
  committed_at timestamptz NOT NULL,
  CHECK (first_bucket <= last_bucket)
);
CREATE INDEX IF NOT EXISTS fo_bar_changes_committed_at ON fo_bar_changes (committed_at);
