-- The 5- and 15-minute rollups of fo_option_strike_bars, written by the server in the same
-- transaction as the 1-minute bars they fold (DESIGN.md's rollup rules: Greeks weighted by
-- *_analytics_count, volume and count summed, OI / OI change / underlying the last present value,
-- premium first open, max high, min low, last close). They stand where the replaced backend had
-- TimescaleDB continuous aggregates of the same names, with the same columns as the base table.
CREATE TABLE IF NOT EXISTS fo_option_strike_bars_5min (LIKE fo_option_strike_bars INCLUDING DEFAULTS);
ALTER TABLE fo_option_strike_bars_5min
  ADD CONSTRAINT fo_option_strike_bars_5min_pkey PRIMARY KEY (bucket_time, symbol, expiry, strike);

CREATE TABLE IF NOT EXISTS fo_option_strike_bars_15min (LIKE fo_option_strike_bars INCLUDING DEFAULTS);
ALTER TABLE fo_option_strike_bars_15min
  ADD CONSTRAINT fo_option_strike_bars_15min_pkey PRIMARY KEY (bucket_time, symbol, expiry, strike);

CREATE INDEX IF NOT EXISTS idx_fo_strike_5min_contract
ON fo_option_strike_bars_5min (symbol, expiry, strike, bucket_time);
CREATE INDEX IF NOT EXISTS idx_fo_strike_15min_contract
ON fo_option_strike_bars_15min (symbol, expiry, strike, bucket_time);

-- Bars already stored (a database written before this migration, or one where it was rolled back
-- and applied again) are rolled up once here; from then on the server keeps the rollups current.
DO $$
DECLARE
  rollup record;
BEGIN
  FOR rollup IN SELECT * FROM (VALUES ('5min', 300), ('15min', 900)) AS r(timeframe, step) LOOP
    EXECUTE format($sql$
      INSERT INTO %I
      SELECT to_timestamp(floor(extract(epoch FROM bucket_time) / %s) * %s), %L, symbol, expiry, strike,
         (array_agg(underlying_close ORDER BY bucket_time DESC) FILTER (WHERE underlying_close IS NOT NULL))[1],
         sum(call_iv_avg * call_analytics_count) FILTER (WHERE call_analytics_count > 0) / nullif(sum(call_analytics_count) FILTER (WHERE call_analytics_count > 0), 0),
         sum(put_iv_avg * put_analytics_count) FILTER (WHERE put_analytics_count > 0) / nullif(sum(put_analytics_count) FILTER (WHERE put_analytics_count > 0), 0),
         sum(call_delta_avg * call_analytics_count) FILTER (WHERE call_analytics_count > 0) / nullif(sum(call_analytics_count) FILTER (WHERE call_analytics_count > 0), 0),
         sum(put_delta_avg * put_analytics_count) FILTER (WHERE put_analytics_count > 0) / nullif(sum(put_analytics_count) FILTER (WHERE put_analytics_count > 0), 0),
         sum(call_gamma_avg * call_analytics_count) FILTER (WHERE call_analytics_count > 0) / nullif(sum(call_analytics_count) FILTER (WHERE call_analytics_count > 0), 0),
         sum(put_gamma_avg * put_analytics_count) FILTER (WHERE put_analytics_count > 0) / nullif(sum(put_analytics_count) FILTER (WHERE put_analytics_count > 0), 0),
         sum(call_theta_avg * call_analytics_count) FILTER (WHERE call_analytics_count > 0) / nullif(sum(call_analytics_count) FILTER (WHERE call_analytics_count > 0), 0),
         sum(put_theta_avg * put_analytics_count) FILTER (WHERE put_analytics_count > 0) / nullif(sum(put_analytics_count) FILTER (WHERE put_analytics_count > 0), 0),
         sum(call_vega_avg * call_analytics_count) FILTER (WHERE call_analytics_count > 0) / nullif(sum(call_analytics_count) FILTER (WHERE call_analytics_count > 0), 0),
         sum(put_vega_avg * put_analytics_count) FILTER (WHERE put_analytics_count > 0) / nullif(sum(put_analytics_count) FILTER (WHERE put_analytics_count > 0), 0),
         sum(call_volume), sum(put_volume), sum(call_count), sum(put_count), now(), now(),
         (array_agg(call_oi_sum ORDER BY bucket_time DESC) FILTER (WHERE call_oi_sum IS NOT NULL))[1],
         (array_agg(put_oi_sum ORDER BY bucket_time DESC) FILTER (WHERE put_oi_sum IS NOT NULL))[1],
         (array_agg(call_oi_change ORDER BY bucket_time DESC) FILTER (WHERE call_oi_change IS NOT NULL))[1],
         (array_agg(put_oi_change ORDER BY bucket_time DESC) FILTER (WHERE put_oi_change IS NOT NULL))[1],
         sum(call_analytics_count), sum(put_analytics_count),
         (array_agg(call_open ORDER BY bucket_time) FILTER (WHERE call_close IS NOT NULL))[1],
         max(call_high), min(call_low), (array_agg(call_close ORDER BY bucket_time DESC) FILTER (WHERE call_close IS NOT NULL))[1],
         (array_agg(put_open ORDER BY bucket_time) FILTER (WHERE put_close IS NOT NULL))[1],
         max(put_high), min(put_low), (array_agg(put_close ORDER BY bucket_time DESC) FILTER (WHERE put_close IS NOT NULL))[1]
      FROM fo_option_strike_bars WHERE timeframe = '1min'
      GROUP BY 1, symbol, expiry, strike
      ON CONFLICT DO NOTHING$sql$,
      'fo_option_strike_bars_' || rollup.timeframe, rollup.step, rollup.step, rollup.timeframe);
  END LOOP;
END
$$;
