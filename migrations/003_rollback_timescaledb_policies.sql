-- Removes the compression and retention policies 003 added (when TimescaleDB is present). The
-- tables stay hypertables: converting back would mean copying every row, and plain queries do not
-- notice the difference. On plain PostgreSQL this does nothing.
DO $$
DECLARE
  bar_table text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    RETURN;
  END IF;
  FOREACH bar_table IN ARRAY ARRAY['fo_option_strike_bars', 'fo_option_strike_bars_5min',
                                   'fo_option_strike_bars_15min'] LOOP
    PERFORM remove_retention_policy(bar_table::regclass, if_exists => true);
    PERFORM remove_compression_policy(bar_table::regclass, if_exists => true);
  END LOOP;
END
$$;
