-- 1-minute strike bars: the durable bar log (DESIGN.md "Storage").
-- The seed's columns in the seed's order, then this project's (open-interest change, Greek
-- weights, premium OHLC). NULL means absent. Only '1min' rows are written; the 5/15-minute rollups
-- live in their own tables (002). The primary key is time-first so that time-range scans (the
-- server's day loads) read one index range; idx_fo_strike_1min_join is the runbook's covering index
-- for per-contract lookups (rollup recomputation, the enriched views' consumers).
CREATE TABLE IF NOT EXISTS fo_option_strike_bars (
  bucket_time timestamptz NOT NULL,
  timeframe text NOT NULL,
  symbol text NOT NULL,
  expiry date NOT NULL,
  strike double precision NOT NULL,
  underlying_close double precision,
  call_iv_avg double precision, put_iv_avg double precision,
  call_delta_avg double precision, put_delta_avg double precision,
  call_gamma_avg double precision, put_gamma_avg double precision,
  call_theta_avg double precision, put_theta_avg double precision,
  call_vega_avg double precision, put_vega_avg double precision,
  call_volume bigint, put_volume bigint,
  call_count bigint, put_count bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  call_oi_sum bigint, put_oi_sum bigint,
  call_oi_change bigint, put_oi_change bigint,
  call_analytics_count bigint, put_analytics_count bigint,
  call_open double precision, call_high double precision,
  call_low double precision, call_close double precision,
  put_open double precision, put_high double precision,
  put_low double precision, put_close double precision,
  PRIMARY KEY (bucket_time, symbol, expiry, strike, timeframe)
);

CREATE INDEX IF NOT EXISTS idx_fo_strike_1min_join
ON fo_option_strike_bars (symbol, expiry, strike, bucket_time)
WHERE timeframe = '1min';
