-- TimescaleDB, when the server has the extension (pg_available_extensions) and it can be created
-- (it must be in shared_preload_libraries): the bar tables become hypertables (1-day chunks) with
-- compression after 7 days, segmented by contract. A retention policy is added only when the
-- database sets strikeline.retention_interval (e.g. ALTER DATABASE db SET
-- strikeline.retention_interval = '400 days'): by default nothing stored is ever dropped. On plain
-- PostgreSQL this migration does nothing (a NOTICE says so) and everything works the same.
DO $$
DECLARE
  bar_table text;
  retention text := nullif(current_setting('strikeline.retention_interval', true), '');
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    RAISE NOTICE 'timescaledb is not available: plain PostgreSQL tables';
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS timescaledb;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'timescaledb cannot be created (%): plain PostgreSQL tables', SQLERRM;
    RETURN;
  END;
  FOREACH bar_table IN ARRAY ARRAY['fo_option_strike_bars', 'fo_option_strike_bars_5min',
                                   'fo_option_strike_bars_15min'] LOOP
    PERFORM create_hypertable(bar_table::regclass, 'bucket_time',
                              chunk_time_interval => interval '1 day',
                              if_not_exists => true, migrate_data => true);
    EXECUTE format('ALTER TABLE %I SET (timescaledb.compress, '
                   'timescaledb.compress_segmentby = ''symbol, expiry'', '
                   'timescaledb.compress_orderby = ''strike, bucket_time'')', bar_table);
    PERFORM add_compression_policy(bar_table::regclass, interval '7 days', if_not_exists => true);
    IF retention IS NOT NULL THEN
      PERFORM add_retention_policy(bar_table::regclass, retention::interval, if_not_exists => true);
    END IF;
  END LOOP;
END
$$;
