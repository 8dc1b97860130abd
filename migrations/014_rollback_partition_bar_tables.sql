-- Back to plain tables: each partitioned bar table is copied into one heap table of the same name,
-- columns, keys, indexes, views on it and grants (strikeline_rebuild_bar_table of 014), its
-- partitions dropped with it; the rows stay. Then the partition functions go. Tables that are not
-- partitioned (TimescaleDB's hypertables) are left as they are.
DO $$
DECLARE
  bar_table text;
BEGIN
  IF to_regprocedure('strikeline_rebuild_bar_table(text, boolean)') IS NULL THEN
    RETURN;
  END IF;
  FOREACH bar_table IN ARRAY ARRAY['fo_option_strike_bars', 'fo_option_strike_bars_5min',
                                   'fo_option_strike_bars_15min', 'fo_future_bars'] LOOP
    PERFORM strikeline_rebuild_bar_table(bar_table, false);
  END LOOP;
END
$$;
DROP FUNCTION IF EXISTS strikeline_drop_expired_bar_partitions(timestamptz);
DROP FUNCTION IF EXISTS strikeline_bar_partitions();
DROP FUNCTION IF EXISTS strikeline_create_bar_partitions(date[]);
DROP FUNCTION IF EXISTS strikeline_rebuild_bar_table(text, boolean);
