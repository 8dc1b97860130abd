-- Minute data takes precedence over a bhavcopy day (issue 20): the contract-days (symbol, expiry,
-- IST day) whose 15:30 IST bar is an end-of-day file's daily bar. An import of minute data of such
-- a day replaces the day's bars with its minutes (the daily bar goes) and removes the mark. Days
-- stored before this migration are not marked. The bar tables and the enriched views (013) are
-- unchanged.
CREATE TABLE IF NOT EXISTS fo_daily_bar_days (
  day date NOT NULL,
  symbol text NOT NULL,
  expiry date NOT NULL,
  PRIMARY KEY (day, symbol, expiry)
);
