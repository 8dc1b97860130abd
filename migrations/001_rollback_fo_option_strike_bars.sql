-- Drops the 1-minute bar table (and with it every stored bar).
DROP INDEX IF EXISTS idx_fo_strike_1min_join;
DROP TABLE IF EXISTS fo_option_strike_bars;
