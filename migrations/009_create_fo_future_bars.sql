-- Futures as bars of their own: per index or stock future (symbol, expiry) and 1-minute bucket, the
-- traded price open/high/low/close (close: the last traded price), the settlement price a daily
-- file gives, volume and open interest in units, the OI change a daily file gives, the spot seen
-- with the newest tick, when the future was last observed in the minute (epoch seconds) and its
-- tick count. A day of NSE's bhavcopy is the 15:30 IST bar, as the option daily bars are. Written
-- in the same transaction as the option bars; `source` is the provenance of fo_bar_days.source
-- ('market', 'simulator', 'mixed'). Nothing to fill: futures were not stored before. The option
-- tables and the enriched views (013) are unchanged.
CREATE TABLE IF NOT EXISTS fo_future_bars (
  bucket_time timestamptz NOT NULL,
  symbol text NOT NULL,
  expiry date NOT NULL,
  open double precision,
  high double precision,
  low double precision,
  close double precision,
  settle double precision,
  volume bigint NOT NULL DEFAULT 0,
  oi bigint,
  oi_change bigint,
  underlying double precision,
  observed_at bigint,
  tick_count bigint NOT NULL DEFAULT 0,
  source text CHECK (source IS NULL OR source IN ('market', 'simulator', 'mixed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bucket_time, symbol, expiry)
);
CREATE INDEX IF NOT EXISTS idx_fo_future_bars_contract
  ON fo_future_bars (symbol, expiry, bucket_time);
