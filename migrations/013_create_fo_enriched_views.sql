-- The runbook's enriched views (Phase 1, step 1.3): the 5- and 15-minute rollups with their open
-- interest, in the 24 columns the runbook's checks and the replaced backend's SQL consumers expect,
-- OI as double precision. The rollup tables already carry the last OI of each bucket, so the views
-- are projections (no join); idx_fo_strike_1min_join (001) covers per-contract 1-minute lookups.
CREATE OR REPLACE VIEW fo_option_strike_bars_5min_enriched AS
SELECT bucket_time, timeframe, symbol, expiry, strike, underlying_close,
       call_iv_avg, put_iv_avg, call_delta_avg, put_delta_avg, call_gamma_avg, put_gamma_avg,
       call_theta_avg, put_theta_avg, call_vega_avg, put_vega_avg,
       call_volume, put_volume, call_count, put_count, created_at, updated_at,
       call_oi_sum::double precision AS call_oi_sum, put_oi_sum::double precision AS put_oi_sum
FROM fo_option_strike_bars_5min;

CREATE OR REPLACE VIEW fo_option_strike_bars_15min_enriched AS
SELECT bucket_time, timeframe, symbol, expiry, strike, underlying_close,
       call_iv_avg, put_iv_avg, call_delta_avg, put_delta_avg, call_gamma_avg, put_gamma_avg,
       call_theta_avg, put_theta_avg, call_vega_avg, put_vega_avg,
       call_volume, put_volume, call_count, put_count, created_at, updated_at,
       call_oi_sum::double precision AS call_oi_sum, put_oi_sum::double precision AS put_oi_sum
FROM fo_option_strike_bars_15min;
