// The option chain (API.md GET /fo/option-chain): one expiry's table as of a moment, from the
// chain's state (store/chain_state.h), strikes down the middle and both sides' columns.
//
// Header: the expiry with its relative label and calendar days to expiry as of the moment's IST
// date (query/expiry_list.h), the lot size the contract traded at on that date (core/symbol.h's
// ContractSpecs::lot_on: the data's lots, else the symbol's default), the IV convention of the
// expiry's stored IVs up to that date (ChainReader::iv_convention), the spot (the chain's
// underlying), ATM (query/atm.h), and over every listed strike: PCR (put OI / call OI), max pain
// (query/max_pain.h), total OI, OI change and day volume per side; `future`, the same expiry's
// future's last traded price as of the moment (store/futures_book.h: nothing observed after it,
// carried across minutes and days; null when no future of that expiry was seen), and `forward`,
// the one pricing uses under the request's pricing policy (query/expiry_forward.h's
// pricing_forward: that future, the chain's implied forward or the spot with the rate).
// oldest_observation is the stalest side among the rows served.
//
// Rows: every listed strike within ATM +- strike_range listed positions (all without a range or
// without an underlying), ascending, each side with: last traded price; its change from the
// previous close, absolute and in percent (the previous close: the side's last price in the state
// before the session day; null when either is unknown, percent also when the close is 0); the
// quote (bid, ask, quantities); the day volume; OI, OI change against the previous day's close and
// since `since` (OI now less OI at `since`, null when either is unknown); IV and Greeks of its last
// valid analytics (null when never); its observation time; and its moneyness label (a call's is
// the row's, API.md's `both`; a put's is reversed). Values are rounded as the other endpoints
// round them (indicator.h: 4 decimals, gamma 6; the percent change to 2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/symbol.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct OptionChainSide {
  std::optional<double> ltp, change, change_pct;
  std::optional<double> bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;
  std::int64_t volume = 0;
  std::optional<std::int64_t> oi, oi_change, oi_change_since;
  std::optional<double> iv, delta, gamma, theta, vega;
  std::optional<UtcSeconds> observed_at;
  std::optional<int> moneyness_rank;  // moneyness.h's rank for this side; nullopt without ATM
  friend bool operator==(const OptionChainSide&, const OptionChainSide&) = default;
};

struct OptionChainRow {
  Strike strike;
  OptionChainSide call, put;
  friend bool operator==(const OptionChainRow&, const OptionChainRow&) = default;
};

struct OptionChainSideTotals {
  std::int64_t oi = 0, oi_change = 0, volume = 0;
  friend bool operator==(const OptionChainSideTotals&, const OptionChainSideTotals&) = default;
};

struct OptionChain {
  std::string symbol;
  std::optional<Expiry> expiry;  // nullopt: no expiry of the symbol is listed at the moment
  std::string expiry_label;      // NWeek+k as of the moment's IST date
  std::optional<int> days_to_expiry;
  std::int64_t lot_size = 1;  // of this expiry on the moment's IST day
  // What computed the stored IVs of the expiry up to that day (ChainReader::iv_convention).
  StoredIvConvention iv_convention = StoredIvConvention::unknown;
  UtcSeconds as_of;
  UtcSeconds since;
  std::optional<Date> session_day;
  std::optional<double> spot, future, forward;
  std::optional<Strike> atm_strike;
  std::optional<double> pcr;
  std::optional<Strike> max_pain;
  OptionChainSideTotals call_totals, put_totals;
  std::optional<int> strike_range;  // as asked (nullopt: all)
  std::size_t listed_strikes = 0;   // of the expiry at the moment (rows may be fewer)
  std::optional<UtcSeconds> oldest_observation;
  std::vector<OptionChainRow> rows;  // ascending by strike
  std::int64_t oi_zero_points = 0;   // rows served whose call or put OI was missing or zero
};

OptionChain option_chain(const ChainReader& chain, const ContractSpecs& specs,
                         const OptionChainRequest& request);

}  // namespace strikeline
