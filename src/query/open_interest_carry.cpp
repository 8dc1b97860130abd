#include "query/open_interest_carry.h"

#include <algorithm>

namespace strikeline {

namespace {

bool has_gap(const StrikeBar& bar) {
  return !bar.call.oi || !bar.put.oi;
}

void fill_side(SideBar& side, const std::optional<std::int64_t>& oi,
               const std::optional<std::int64_t>& change) {
  if (!side.oi && oi) {
    side.oi = oi;
    if (!side.oi_change) side.oi_change = change;
  }
}

}  // namespace

void OpenInterestCarry::carry(std::vector<StrikeBar>& bars) {
  // Buckets list strikes ascending, like last_: one merge pass, new strikes appended after it.
  arrivals_.clear();
  auto seen = last_.begin();
  for (StrikeBar& bar : bars) {
    while (seen != last_.end() && seen->strike < bar.key.strike) ++seen;
    StrikeLast* last = nullptr;
    if (seen != last_.end() && seen->strike == bar.key.strike) {
      last = &*seen;
      fill_side(bar.call, last->call.oi, last->call.oi_change);
      fill_side(bar.put, last->put.oi, last->put.oi_change);
    } else {
      last = &arrivals_.emplace_back(StrikeLast{bar.key.strike, {}, {}});
    }
    if (bar.call.oi) last->call = {bar.call.oi, bar.call.oi_change};
    if (bar.put.oi) last->put = {bar.put.oi, bar.put.oi_change};
  }
  if (arrivals_.empty()) return;
  const auto by_strike = [](const StrikeLast& a, const StrikeLast& b) {
    return a.strike < b.strike;
  };
  const auto middle = static_cast<std::ptrdiff_t>(last_.size());
  last_.insert(last_.end(), arrivals_.begin(), arrivals_.end());
  std::inplace_merge(last_.begin(), last_.begin() + middle, last_.end(), by_strike);
}

void OpenInterestCarry::fill_from_history(const ChainReader& chain, std::string_view symbol,
                                          Expiry expiry, Timeframe tf, UtcSeconds bucket,
                                          std::chrono::seconds lookback,
                                          std::vector<StrikeBar>& bars) {
  auto gaps = std::count_if(bars.begin(), bars.end(), has_gap);
  if (gaps == 0 || bucket - lookback >= bucket) return;
  std::vector<UtcSeconds> earlier =
      chain.bucket_times(symbol, expiry, tf, bucket - lookback, bucket - std::chrono::seconds{1});
  for (auto it = earlier.rbegin(); it != earlier.rend() && gaps > 0; ++it) {
    const std::vector<StrikeBar> older = chain.bucket(symbol, expiry, tf, *it);
    // Both lists ascend by strike: merge.
    auto o = older.begin();
    for (StrikeBar& bar : bars) {
      if (!has_gap(bar)) continue;
      while (o != older.end() && o->key.strike < bar.key.strike) ++o;
      if (o == older.end()) break;
      if (o->key.strike != bar.key.strike) continue;
      fill_side(bar.call, o->call.oi, o->call.oi_change);
      fill_side(bar.put, o->put.oi, o->put.oi_change);
      if (!has_gap(bar)) --gaps;
    }
  }
}

}  // namespace strikeline
