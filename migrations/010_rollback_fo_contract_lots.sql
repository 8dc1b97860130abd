-- Drops the stored lot sizes: the API then answers each symbol's default lot.
DROP TABLE IF EXISTS fo_contract_lots;
