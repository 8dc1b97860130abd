-- The day catalogue: which contracts (symbol, expiry) have 1-minute bars on which IST calendar day,
-- with the first and last bucket of that day. Kept current by every write (in the same transaction
-- as the bars), so a server starting on a large database learns its history from this small table
-- instead of grouping every stored bar; its chain store then loads only the days it keeps in memory.
CREATE TABLE IF NOT EXISTS fo_bar_days (
  day date NOT NULL,
  symbol text NOT NULL,
  expiry date NOT NULL,
  first_bucket timestamptz NOT NULL,
  last_bucket timestamptz NOT NULL,
  PRIMARY KEY (day, symbol, expiry)
);

-- Bars stored before this migration.
INSERT INTO fo_bar_days (day, symbol, expiry, first_bucket, last_bucket)
SELECT ((bucket_time AT TIME ZONE 'UTC') + interval '5 hours 30 minutes')::date, symbol, expiry,
       min(bucket_time), max(bucket_time)
FROM fo_option_strike_bars WHERE timeframe = '1min'
GROUP BY 1, 2, 3
ON CONFLICT DO NOTHING;
