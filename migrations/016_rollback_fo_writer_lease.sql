-- Drops the writer lease and its terms: writers on this database then all write (no fail-over;
-- run one writer only, and a strikeline built before migration 016).
DROP TABLE IF EXISTS fo_writer_terms;
DROP TABLE IF EXISTS fo_writer_lease;
