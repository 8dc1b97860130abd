-- Drops the contract-days' sources: every day then reads as unknown (real), and /health can no
-- longer tell simulated data apart.
ALTER TABLE fo_bar_days DROP CONSTRAINT IF EXISTS fo_bar_days_source_check;
ALTER TABLE fo_bar_days DROP COLUMN IF EXISTS source;
