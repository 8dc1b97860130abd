-- Drops the 5- and 15-minute rollup tables (the 1-minute bars they fold stay).
DROP TABLE IF EXISTS fo_option_strike_bars_15min;
DROP TABLE IF EXISTS fo_option_strike_bars_5min;
