-- The runbook's rollback (step R2): drops the enriched views; the tables under them stay.
DROP VIEW IF EXISTS fo_option_strike_bars_5min_enriched;
DROP VIEW IF EXISTS fo_option_strike_bars_15min_enriched;
