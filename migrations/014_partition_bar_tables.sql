-- Partitions without TimescaleDB (issue 23 item 3): on plain PostgreSQL the four bar tables
-- (fo_option_strike_bars, its rollups fo_option_strike_bars_5min / _15min, fo_future_bars) become
-- declaratively partitioned, RANGE on bucket_time, one partition per IST calendar day
-- [00:00 IST, next 00:00 IST) named <table>_pYYYYMMDD: the IST day is the unit of fo_bar_days, of
-- the server's day loads and of replace/discard, so retention drops whole catalogue days. Their
-- keys already begin with bucket_time (the partition key). With the timescaledb extension installed
-- (migration 003 made hypertables) nothing changes here.
--
-- The conversion copies: each heap table is renamed aside, a partitioned table of the same columns,
-- defaults and checks takes its name, the days its rows fall in get partitions, the rows are copied
-- and the old table dropped; its keys, indexes (idx_fo_strike_1min_join with its runbook
-- definition), the views on it (013's enriched views: 24 columns, OI as double precision) and its
-- grants are recreated as they were. One transaction, so its time and disk grow with the stored
-- rows (README "Partitions").
--
-- Functions the writer calls (store/postgres/postgres_bar_repository.h), usable from psql too:
--   strikeline_create_bar_partitions(days date[]): each IST day's partition of every partitioned
--     bar table, unless it exists (idempotent; CREATE + ATTACH, which does not block reads or
--     writes of the other days); the number created.
--   strikeline_bar_partitions(): the day partitions (table, partition, IST day), by day.
--   strikeline_drop_expired_bar_partitions(as_of timestamptz DEFAULT now()): when the session sees
--     strikeline.retention_interval (ALTER DATABASE db SET strikeline.retention_interval =
--     '30 days'; off when unset or empty), drops (DROP TABLE, never DELETE) the day partitions whose
--     whole day ended at or before as_of - interval, and in the same transaction the catalogue rows
--     of those days (fo_bar_days, fo_daily_bar_days, the day states of contracts that expired
--     before the first kept day); one row per dropped partition.
CREATE OR REPLACE FUNCTION strikeline_rebuild_bar_table(bar_table text, partitioned boolean)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  aside text := bar_table || CASE WHEN partitioned THEN '_heap' ELSE '_partitioned' END;
  item record;
  days date[];
BEGIN
  IF to_regclass(bar_table) IS NULL THEN
    RETURN;
  END IF;
  IF (SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(bar_table)) = partitioned THEN
    RETURN;  -- already as asked
  END IF;
  CREATE TEMPORARY TABLE strikeline_rebuild_saved (kind text, name text, definition text);
  -- The views reading the table (013's), dropped and recreated from their own definitions.
  INSERT INTO strikeline_rebuild_saved
  SELECT DISTINCT 'view', v.oid::regclass::text, pg_get_viewdef(v.oid)
  FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
  WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass(bar_table)
    AND v.oid <> to_regclass(bar_table) AND v.relkind = 'v';
  -- Keys (constraints backed by an index) and the other indexes, by their definitions.
  INSERT INTO strikeline_rebuild_saved
  SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint
  WHERE conrelid = to_regclass(bar_table) AND contype IN ('p', 'u');
  INSERT INTO strikeline_rebuild_saved
  SELECT 'index', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
  WHERE i.indrelid = to_regclass(bar_table)
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid);
  -- Grants of the table and of its views.
  INSERT INTO strikeline_rebuild_saved
  SELECT 'grant', c.oid::regclass::text,
         format('GRANT %s ON %s TO %s%s', a.privilege_type, c.oid::regclass::text,
                CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
  FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
  WHERE c.oid = to_regclass(bar_table) OR c.oid::regclass::text IN
    (SELECT name FROM strikeline_rebuild_saved WHERE kind = 'view');

  FOR item IN SELECT name FROM strikeline_rebuild_saved WHERE kind = 'view' LOOP
    EXECUTE format('DROP VIEW %s', item.name);
  END LOOP;
  EXECUTE format('ALTER TABLE %I RENAME TO %I', bar_table, aside);
  IF partitioned THEN
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS) '
                   'PARTITION BY RANGE (bucket_time)', bar_table, aside);
    EXECUTE format('SELECT array_agg(DISTINCT ((bucket_time AT TIME ZONE ''UTC'') '
                   '+ interval ''5 hours 30 minutes'')::date) FROM %I', aside) INTO days;
    IF days IS NOT NULL THEN
      PERFORM strikeline_create_bar_partitions(days);
    END IF;
  ELSE
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                   bar_table, aside);
  END IF;
  EXECUTE format('INSERT INTO %I SELECT * FROM %I', bar_table, aside);
  EXECUTE format('DROP TABLE %I', aside);  -- its partitions with it
  FOR item IN SELECT name, definition FROM strikeline_rebuild_saved WHERE kind = 'constraint' LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', bar_table, item.name, item.definition);
  END LOOP;
  FOR item IN SELECT definition FROM strikeline_rebuild_saved WHERE kind = 'index' LOOP
    EXECUTE item.definition;
  END LOOP;
  FOR item IN SELECT name, definition FROM strikeline_rebuild_saved WHERE kind = 'view' LOOP
    EXECUTE format('CREATE VIEW %s AS %s', item.name, item.definition);
  END LOOP;
  FOR item IN SELECT definition FROM strikeline_rebuild_saved WHERE kind = 'grant' LOOP
    EXECUTE item.definition;
  END LOOP;
  DROP TABLE strikeline_rebuild_saved;
  EXECUTE format('ANALYZE %I', bar_table);
END
$fn$;

CREATE OR REPLACE FUNCTION strikeline_create_bar_partitions(days date[])
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  bar_table text;
  day date;
  part text;
  created integer := 0;
BEGIN
  -- One creator at a time (several writers, the retention pass): no race on a name.
  PERFORM pg_advisory_xact_lock(1937011308);
  FOREACH bar_table IN ARRAY ARRAY['fo_option_strike_bars', 'fo_option_strike_bars_5min',
                                   'fo_option_strike_bars_15min', 'fo_future_bars'] LOOP
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass(bar_table)
                              AND relkind = 'p');
    FOR day IN SELECT DISTINCT d FROM unnest(days) AS d WHERE d IS NOT NULL ORDER BY 1 LOOP
      part := bar_table || '_p' || to_char(day, 'YYYYMMDD');
      CONTINUE WHEN to_regclass(part) IS NOT NULL;
      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                     part, bar_table);
      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', bar_table,
                     part, day::text || ' 00:00:00+05:30', (day + 1)::text || ' 00:00:00+05:30');
      created := created + 1;
    END LOOP;
  END LOOP;
  RETURN created;
END
$fn$;

CREATE OR REPLACE FUNCTION strikeline_bar_partitions()
RETURNS TABLE (table_name text, partition_name text, day date) LANGUAGE sql STABLE AS $fn$
  SELECT i.inhparent::regclass::text, c.relname::text, to_date(m.parts[1], 'YYYYMMDD')
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  CROSS JOIN LATERAL regexp_match(c.relname, '_p([0-9]{8})$') AS m(parts)
  WHERE i.inhparent IN (to_regclass('fo_option_strike_bars'), to_regclass('fo_option_strike_bars_5min'),
                        to_regclass('fo_option_strike_bars_15min'), to_regclass('fo_future_bars'))
    AND c.relname = i.inhparent::regclass::text || '_p' || m.parts[1]
  ORDER BY 3, 1
$fn$;

CREATE OR REPLACE FUNCTION strikeline_drop_expired_bar_partitions(as_of timestamptz DEFAULT now())
RETURNS TABLE (partition_name text, day date) LANGUAGE plpgsql AS $fn$
DECLARE
  retention text := nullif(current_setting('strikeline.retention_interval', true), '');
  first_kept date;
  item record;
  dropped date[] := '{}';
BEGIN
  IF retention IS NULL THEN
    RETURN;
  END IF;
  -- A day is dropped when it ended (next 00:00 IST) at or before the cut-off: the days before the
  -- cut-off's IST day.
  first_kept := (((as_of - retention::interval) AT TIME ZONE 'UTC')
                 + interval '5 hours 30 minutes')::date;
  -- Nothing expired (most passes): no lock taken.
  IF NOT EXISTS (SELECT 1 FROM strikeline_bar_partitions() p WHERE p.day < first_kept) THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(1937011308);
  -- In the order a write takes them (futures, bars, rollups): no deadlock with a write.
  LOCK TABLE fo_future_bars, fo_option_strike_bars, fo_option_strike_bars_5min,
             fo_option_strike_bars_15min IN ACCESS EXCLUSIVE MODE;
  FOR item IN
    SELECT p.partition_name AS name, p.day AS part_day FROM strikeline_bar_partitions() p
    WHERE p.day < first_kept ORDER BY 2, 1
  LOOP
    EXECUTE format('DROP TABLE %I', item.name);
    dropped := dropped || item.part_day;
    partition_name := item.name;
    day := item.part_day;
    RETURN NEXT;
  END LOOP;
  DELETE FROM fo_bar_days WHERE fo_bar_days.day = ANY (dropped);
  DELETE FROM fo_daily_bar_days WHERE fo_daily_bar_days.day = ANY (dropped);
  -- States of a contract expired before the first kept day are never read again (states_before
  -- asks for unexpired contracts); those of live contracts carry their state into the kept days.
  DELETE FROM fo_contract_states
  WHERE fo_contract_states.day = ANY (dropped) AND fo_contract_states.expiry < first_kept;
END
$fn$;

DO $$
DECLARE
  bar_table text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    RAISE NOTICE 'timescaledb is installed: the bar tables stay hypertables';
    RETURN;
  END IF;
  FOREACH bar_table IN ARRAY ARRAY['fo_option_strike_bars', 'fo_option_strike_bars_5min',
                                   'fo_option_strike_bars_15min', 'fo_future_bars'] LOOP
    PERFORM strikeline_rebuild_bar_table(bar_table, true);
  END LOOP;
  -- Every table has every day's partition, as the writer creates them.
  PERFORM strikeline_create_bar_partitions(ARRAY(SELECT DISTINCT day FROM strikeline_bar_partitions()));
END
$$;
