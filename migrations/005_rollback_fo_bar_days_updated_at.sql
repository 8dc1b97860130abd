-- Drops the day catalogue's change time (replicas of this version then refuse the schema).
ALTER TABLE fo_bar_days DROP COLUMN IF EXISTS updated_at;
