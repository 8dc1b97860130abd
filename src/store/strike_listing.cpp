#include "store/strike_listing.h"

#include <algorithm>
#include <cassert>

namespace strikeline {

StrikeListings StrikeListings::with(std::string_view symbol, Expiry expiry,
                                    std::span<const Strike> strikes, Date since) const {
  StrikeListings out = *this;
  auto symbol_it = out.by_symbol_.find(symbol);
  if (symbol_it == out.by_symbol_.end()) {
    symbol_it =
        out.by_symbol_.emplace(std::string(symbol), std::map<Expiry, std::vector<ListedStrike>>{})
            .first;
  }
  std::vector<ListedStrike>& listed = symbol_it->second[expiry];
  for (Strike strike : strikes) {
    auto at = std::lower_bound(listed.begin(), listed.end(), strike,
                               [](const ListedStrike& l, Strike s) { return l.strike < s; });
    if (at != listed.end() && at->strike == strike) {
      at->since = std::min(at->since, since);
    } else {
      listed.insert(at, ListedStrike{strike, since});
    }
  }
  assert(std::is_sorted(
      listed.begin(), listed.end(),
      [](const ListedStrike& a, const ListedStrike& b) { return a.strike < b.strike; }));
  return out;
}

std::span<const ListedStrike> StrikeListings::of(std::string_view symbol, Expiry expiry) const {
  auto symbol_it = by_symbol_.find(symbol);
  if (symbol_it == by_symbol_.end()) return {};
  auto expiry_it = symbol_it->second.find(expiry);
  if (expiry_it == symbol_it->second.end()) return {};
  return expiry_it->second;
}

void add_listed_strikes(std::span<const ListedStrike> listed, Date day, ChainState& state) {
  if (listed.empty() || day > state.expiry) return;
  std::vector<StrikeState>& strikes = state.strikes;
  const std::size_t observed = strikes.size();
  for (const ListedStrike& l : listed) {
    if (l.since > day) continue;
    // The observed entries stay at the front while they are searched; additions go behind them.
    auto end = strikes.begin() + static_cast<std::ptrdiff_t>(observed);
    auto at = std::lower_bound(strikes.begin(), end, l.strike,
                               [](const StrikeState& s, Strike k) { return s.strike < k; });
    if (at != end && at->strike == l.strike) continue;
    strikes.push_back(StrikeState{.strike = l.strike, .call = {}, .put = {}});
  }
  if (strikes.size() == observed) return;
  std::inplace_merge(
      strikes.begin(), strikes.begin() + static_cast<std::ptrdiff_t>(observed), strikes.end(),
      [](const StrikeState& a, const StrikeState& b) { return a.strike < b.strike; });
}

}  // namespace strikeline
