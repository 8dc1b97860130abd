#include "query/atm.h"

#include <algorithm>
#include <cmath>

namespace strikeline {

std::optional<std::size_t> atm_index(const ChainState& state) {
  if (state.strikes.empty() || !state.underlying) return std::nullopt;
  const double underlying = *state.underlying;
  if (!std::isfinite(underlying) || underlying <= 0) return std::nullopt;
  const auto above =
      std::partition_point(state.strikes.begin(), state.strikes.end(),
                           [&](const StrikeState& s) { return s.strike.to_double() < underlying; });
  const auto index = static_cast<std::size_t>(above - state.strikes.begin());
  if (index == 0) return 0;
  if (index == state.strikes.size()) return index - 1;
  const double below_distance = underlying - state.strikes[index - 1].strike.to_double();
  const double above_distance = state.strikes[index].strike.to_double() - underlying;
  return above_distance < below_distance ? index : index - 1;  // a tie goes to the lower strike
}

StrikeSpan strikes_around(std::size_t atm, std::size_t count, int range) {
  const auto reach = static_cast<std::size_t>(std::max(range, 0));
  StrikeSpan span;
  span.first = atm > reach ? atm - reach : 0;
  span.last = std::min(count, atm + reach + 1);
  return span;
}

}  // namespace strikeline
