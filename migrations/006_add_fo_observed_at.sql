-- The chain as of a moment (DESIGN.md): when each side of a 1-minute bar was last observed, in
-- epoch seconds (the side's newest tick, rounded up to the second; NULL when unknown, e.g. a bar
-- imported from a file without the column: its state then counts as observed at the minute's end).
-- The rollup tables have the columns too (their rows are LIKE the base table's) and leave them
-- NULL: a rollup carries no observation time. The enriched views (013) are unchanged.
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS call_observed_at bigint;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS put_observed_at bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS call_observed_at bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS put_observed_at bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS call_observed_at bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS put_observed_at bigint;
