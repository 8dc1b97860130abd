-- Drops the contract-days' IV conventions: every day then reads as unknown.
ALTER TABLE fo_bar_days DROP CONSTRAINT IF EXISTS fo_bar_days_iv_convention_check;
ALTER TABLE fo_bar_days DROP COLUMN IF EXISTS iv_convention;
