-- The chain as of a moment (DESIGN.md, README "The chain as of a moment").
--
-- 1. When each side of a 1-minute bar was last observed, in epoch seconds (the side's newest
--    tick, rounded up to the second; NULL when unknown, e.g. a bar imported from a file without the
--    column: its state then counts as observed at the minute's end). The rollup tables have the
--    columns too (their rows are LIKE the base table's) and leave them NULL: a rollup carries no
--    observation time. The enriched views (013) are unchanged.
-- 2. fo_contract_states: the state each contract's bars of one IST day leave (last open interest
--    with its change, last traded price, last analytics, last observation, the underlying seen
--    with the newest observation), written by the server in the same transaction as the bars, so
--    the state before any day is known without reading the days before it. Each value has the key
--    of the observation it came from (bucket epoch * 64 + seconds into the bucket, 60 when
--    unknown; -1: never seen); a write keeps, field by field, the value with the higher key.
--    Filled here from the bars already stored.
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS call_observed_at bigint;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS put_observed_at bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS call_observed_at bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS put_observed_at bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS call_observed_at bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS put_observed_at bigint;

CREATE TABLE IF NOT EXISTS fo_contract_states (
  expiry date NOT NULL,
  symbol text NOT NULL,
  strike double precision NOT NULL,
  day date NOT NULL,
  call_oi bigint, call_oi_change bigint, call_oi_key bigint NOT NULL DEFAULT -1,
  call_price double precision, call_price_key bigint NOT NULL DEFAULT -1,
  call_iv double precision, call_delta double precision, call_gamma double precision,
  call_theta double precision, call_vega double precision,
  call_analytics_key bigint NOT NULL DEFAULT -1,
  call_observed_key bigint NOT NULL DEFAULT -1,
  put_oi bigint, put_oi_change bigint, put_oi_key bigint NOT NULL DEFAULT -1,
  put_price double precision, put_price_key bigint NOT NULL DEFAULT -1,
  put_iv double precision, put_delta double precision, put_gamma double precision,
  put_theta double precision, put_vega double precision,
  put_analytics_key bigint NOT NULL DEFAULT -1,
  put_observed_key bigint NOT NULL DEFAULT -1,
  underlying double precision, underlying_key bigint NOT NULL DEFAULT -1,
  PRIMARY KEY (expiry, symbol, strike, day)
);

WITH b AS (
  SELECT expiry, symbol, strike,
         ((bucket_time AT TIME ZONE 'UTC') + interval '5 hours 30 minutes')::date AS day,
         call_oi_sum, call_oi_change, call_close, call_iv_avg, call_delta_avg, call_gamma_avg,
         call_theta_avg, call_vega_avg, put_oi_sum, put_oi_change, put_close, put_iv_avg,
         put_delta_avg, put_gamma_avg, put_theta_avg, put_vega_avg, underlying_close,
         call_analytics_count, put_analytics_count, call_nonempty, put_nonempty,
         e * 64 + least(greatest(coalesce(call_observed_at - e, 60), 0), 60) AS call_key,
         e * 64 + least(greatest(coalesce(put_observed_at - e, 60), 0), 60) AS put_key,
         coalesce(greatest(CASE WHEN call_nonempty THEN e * 64 + least(greatest(coalesce(call_observed_at - e, 60), 0), 60) END,
                           CASE WHEN put_nonempty THEN e * 64 + least(greatest(coalesce(put_observed_at - e, 60), 0), 60) END),
                  e * 64 + 60) AS cell_key
  FROM (SELECT *, extract(epoch FROM bucket_time)::bigint AS e,
               (coalesce(call_count, 0) > 0 OR coalesce(call_volume, 0) > 0 OR call_oi_sum IS NOT NULL OR call_close IS NOT NULL OR coalesce(call_analytics_count, 0) > 0) AS call_nonempty,
               (coalesce(put_count, 0) > 0 OR coalesce(put_volume, 0) > 0 OR put_oi_sum IS NOT NULL OR put_close IS NOT NULL OR coalesce(put_analytics_count, 0) > 0) AS put_nonempty
        FROM fo_option_strike_bars WHERE timeframe = '1min') bars
),
call_oi AS (
  SELECT DISTINCT ON (expiry, symbol, strike, day) expiry, symbol, strike, day, call_oi_sum AS v1, call_oi_change AS v2,
         call_key AS key
  FROM b WHERE call_oi_sum IS NOT NULL
  ORDER BY expiry, symbol, strike, day, call_key DESC
),
call_price AS (
  SELECT DISTINCT ON (expiry, symbol, strike, day) expiry, symbol, strike, day, call_close AS v1,
         call_key AS key
  FROM b WHERE call_close IS NOT NULL
  ORDER BY expiry, symbol, strike, day, call_key DESC
),
call_analytics AS (
  SELECT DISTINCT ON (expiry, symbol, strike, day) expiry, symbol, strike, day, call_iv_avg AS v1, call_delta_avg AS v2, call_gamma_avg AS v3, call_theta_avg AS v4, call_vega_avg AS v5,
         call_key AS key
  FROM b WHERE coalesce(call_analytics_count, 0) > 0
  ORDER BY expiry, symbol, strike, day, call_key DESC
),
call_seen AS (
  SELECT expiry, symbol, strike, day, max(call_key) AS key FROM b
  WHERE call_nonempty GROUP BY expiry, symbol, strike, day
),
put_oi AS (
  SELECT DISTINCT ON (expiry, symbol, strike, day) expiry, symbol, strike, day, put_oi_sum AS v1, put_oi_change AS v2,
         put_key AS key
  FROM b WHERE put_oi_sum IS NOT NULL
  ORDER BY expiry, symbol, strike, day, put_key DESC
),
put_price AS (
  SELECT DISTINCT ON (expiry, symbol, strike, day) expiry, symbol, strike, day, put_close AS v1,
         put_key AS key
  FROM b WHERE put_close IS NOT NULL
  ORDER BY expiry, symbol, strike, day, put_key DESC
),
put_analytics AS (
  SELECT DISTINCT ON (expiry, symbol, strike, day) expiry, symbol, strike, day, put_iv_avg AS v1, put_delta_avg AS v2, put_gamma_avg AS v3, put_theta_avg AS v4, put_vega_avg AS v5,
         put_key AS key
  FROM b WHERE coalesce(put_analytics_count, 0) > 0
  ORDER BY expiry, symbol, strike, day, put_key DESC
),
put_seen AS (
  SELECT expiry, symbol, strike, day, max(put_key) AS key FROM b
  WHERE put_nonempty GROUP BY expiry, symbol, strike, day
),
spot AS (
  SELECT DISTINCT ON (expiry, symbol, strike, day) expiry, symbol, strike, day,
         underlying_close AS v1, cell_key AS key
  FROM b WHERE underlying_close IS NOT NULL
  ORDER BY expiry, symbol, strike, day, cell_key DESC
),
k AS (SELECT DISTINCT expiry, symbol, strike, day FROM b)
INSERT INTO fo_contract_states (expiry, symbol, strike, day, call_oi, call_oi_change, call_oi_key, call_price, call_price_key, call_iv, call_delta, call_gamma, call_theta, call_vega, call_analytics_key, call_observed_key, put_oi, put_oi_change, put_oi_key, put_price, put_price_key, put_iv, put_delta, put_gamma, put_theta, put_vega, put_analytics_key, put_observed_key, underlying, underlying_key)
SELECT k.expiry, k.symbol, k.strike, k.day, call_oi.v1, call_oi.v2, coalesce(call_oi.key, -1), call_price.v1, coalesce(call_price.key, -1), call_analytics.v1, call_analytics.v2, call_analytics.v3, call_analytics.v4, call_analytics.v5, coalesce(call_analytics.key, -1), coalesce(call_seen.key, -1), put_oi.v1, put_oi.v2, coalesce(put_oi.key, -1), put_price.v1, coalesce(put_price.key, -1), put_analytics.v1, put_analytics.v2, put_analytics.v3, put_analytics.v4, put_analytics.v5, coalesce(put_analytics.key, -1), coalesce(put_seen.key, -1), spot.v1, coalesce(spot.key, -1)
FROM k
LEFT JOIN call_oi USING (expiry, symbol, strike, day)
LEFT JOIN call_price USING (expiry, symbol, strike, day)
LEFT JOIN call_analytics USING (expiry, symbol, strike, day)
LEFT JOIN call_seen USING (expiry, symbol, strike, day)
LEFT JOIN put_oi USING (expiry, symbol, strike, day)
LEFT JOIN put_price USING (expiry, symbol, strike, day)
LEFT JOIN put_analytics USING (expiry, symbol, strike, day)
LEFT JOIN put_seen USING (expiry, symbol, strike, day)
LEFT JOIN spot USING (expiry, symbol, strike, day)
ON CONFLICT DO NOTHING;
