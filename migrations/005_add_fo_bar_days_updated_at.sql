-- When each row of the day catalogue last changed (the writing transaction's database time), so
-- that a read replica coming back from an outage can re-read exactly the days written while it was
-- not listening, backfills of old days included (store/postgres/bar_change_follower.h).
ALTER TABLE fo_bar_days ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now();
