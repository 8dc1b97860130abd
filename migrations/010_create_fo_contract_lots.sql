-- Lot sizes (issue 20): the units per contract each option contract (symbol, expiry) traded at on
-- an IST trading day, from the data (a bhavcopy's NewBrdLotQty, an instrument dump's lot_size, the
-- lot an import was given). One day can list a symbol at two lots (NIFTY 25 and 75 on 2025-01-03)
-- and a contract can change its lot between two days. The bar tables and the enriched views (013)
-- are unchanged.
CREATE TABLE IF NOT EXISTS fo_contract_lots (
  symbol text NOT NULL,
  expiry date NOT NULL,
  day date NOT NULL,
  lot_size bigint NOT NULL CHECK (lot_size > 0),
  PRIMARY KEY (symbol, expiry, day)
);
