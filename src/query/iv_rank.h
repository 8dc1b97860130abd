// IV rank and IV percentile of the 30-day constant-maturity ATM IV (issue 21 item 4): the daily
// history of that IV over the last kRankWindowDays trading days (days with data of the symbol,
// the moment's own day last), each day's value as of its close (15:30 IST; the moment's own day as
// of the moment), from the chain's state then (query/term_structure.h's constant_maturity_at); days
// without a value (no expiry with an ATM IV) are not counted and the walk back stops after
// kRankScanDays days with data. Rank and percentile: query/constant_maturity.h's iv_rank_of over
// the days used (null under kMinRankDays). Values rounded to 4 decimals.
#pragma once

#include <optional>
#include <vector>

#include "query/constant_maturity.h"
#include "query/volatility_requests.h"
#include "store/chain_reader.h"

namespace strikeline {

inline constexpr std::size_t kRankScanDays = 400;

struct IvRankDay {
  Date day;
  UtcSeconds at;  // the moment of its value (the day's close, or the moment asked about)
  double iv = 0;  // percent
};

struct IvRank {
  UtcSeconds as_of;
  std::optional<double> iv;  // the current value: the newest day's
  std::optional<Date> day;   // its day
  ConstantMaturityIv current;
  IvRankStats stats;
  std::vector<IvRankDay> history;  // oldest first, at most kRankWindowDays
};

IvRank iv_rank(const ChainReader& chain, const IvRankRequest& request);

}  // namespace strikeline
