-- Drops the stored futures (their bars are lost; the option bars are untouched). The server then
-- answers the option chain's `future` as null and /fo/futures empty until futures are written again.
DROP INDEX IF EXISTS idx_fo_future_bars_contract;
DROP TABLE IF EXISTS fo_future_bars;
