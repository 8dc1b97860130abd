-- Provenance (issue 25): where each contract-day's bars came from, written in the same transaction
-- as the bars: 'market' (a real feed, HTTP ingest, an import of real data), 'simulator' (the
-- built-in market simulator, an import of its files) or 'mixed' (both). Days stored before this
-- migration stay NULL, read as unknown (real): nothing tells simulated bars from real ones after
-- the fact. The bar tables and the enriched views (013) are unchanged.
ALTER TABLE fo_bar_days ADD COLUMN IF NOT EXISTS source text;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fo_bar_days_source_check') THEN
    ALTER TABLE fo_bar_days ADD CONSTRAINT fo_bar_days_source_check
      CHECK (source IS NULL OR source IN ('market', 'simulator', 'mixed'));
  END IF;
END $$;
