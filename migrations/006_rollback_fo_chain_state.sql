-- Drops the day states and the sides' observation times (the chain store then takes every bar's
-- state as observed at the end of its minute, and reads older days to know the state before one).
DROP TABLE IF EXISTS fo_contract_states;
ALTER TABLE fo_option_strike_bars_15min DROP COLUMN IF EXISTS put_observed_at;
ALTER TABLE fo_option_strike_bars_15min DROP COLUMN IF EXISTS call_observed_at;
ALTER TABLE fo_option_strike_bars_5min DROP COLUMN IF EXISTS put_observed_at;
ALTER TABLE fo_option_strike_bars_5min DROP COLUMN IF EXISTS call_observed_at;
ALTER TABLE fo_option_strike_bars DROP COLUMN IF EXISTS put_observed_at;
ALTER TABLE fo_option_strike_bars DROP COLUMN IF EXISTS call_observed_at;
