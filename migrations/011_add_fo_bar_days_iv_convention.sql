-- Stored IVs say which convention made them (issue 20): the IV convention that computed each
-- contract-day's IVs and Greeks, written in the same transaction as the bars: 'strikeline' (time
-- to 15:30 IST in calendar seconds, the future as the forward), 'nse' (NSE's published IVs:
-- Black-Scholes on spot, r = 10 %, whole days) or 'mixed' (both). NULL: unknown (bars given with
-- their IVs, or stored before this migration). The bar tables and the enriched views (013) are
-- unchanged.
ALTER TABLE fo_bar_days ADD COLUMN IF NOT EXISTS iv_convention text;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fo_bar_days_iv_convention_check') THEN
    ALTER TABLE fo_bar_days ADD CONSTRAINT fo_bar_days_iv_convention_check
      CHECK (iv_convention IS NULL OR iv_convention IN ('strikeline', 'nse', 'mixed'));
  END IF;
END $$;
