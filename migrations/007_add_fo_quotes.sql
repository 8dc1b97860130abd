-- The quote a 1-minute bar last saw (the option chain's bid/ask, issue "The option chain"): per
-- side the best bid and offer of the newest tick that carried one, prices in rupees and
-- quantities in units (NULL when the feed gave none). The rollup tables have the columns too (their
-- rows are LIKE the base table's) and leave them NULL: a rollup carries no quote (it is a 1-minute
-- bar's state, read through the chain). The enriched views (013) are unchanged.
-- fo_contract_states keeps the quote each contract's day leaves, as one snapshot with the key of
-- its observation (-1: never quoted); a write keeps the one with the higher key. Nothing to fill:
-- bars stored before carry no quote.
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS call_bid double precision;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS call_ask double precision;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS call_bid_qty bigint;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS call_ask_qty bigint;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS put_bid double precision;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS put_ask double precision;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS put_bid_qty bigint;
ALTER TABLE fo_option_strike_bars ADD COLUMN IF NOT EXISTS put_ask_qty bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS call_bid double precision;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS call_ask double precision;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS call_bid_qty bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS call_ask_qty bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS put_bid double precision;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS put_ask double precision;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS put_bid_qty bigint;
ALTER TABLE fo_option_strike_bars_5min ADD COLUMN IF NOT EXISTS put_ask_qty bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS call_bid double precision;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS call_ask double precision;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS call_bid_qty bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS call_ask_qty bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS put_bid double precision;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS put_ask double precision;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS put_bid_qty bigint;
ALTER TABLE fo_option_strike_bars_15min ADD COLUMN IF NOT EXISTS put_ask_qty bigint;

ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS call_bid double precision;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS call_ask double precision;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS call_bid_qty bigint;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS call_ask_qty bigint;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS call_quote_key bigint NOT NULL DEFAULT -1;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS put_bid double precision;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS put_ask double precision;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS put_bid_qty bigint;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS put_ask_qty bigint;
ALTER TABLE fo_contract_states ADD COLUMN IF NOT EXISTS put_quote_key bigint NOT NULL DEFAULT -1;
