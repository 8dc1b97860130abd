#include "store/chain_state.h"

#include <algorithm>

namespace strikeline {

const StrikeState* ChainState::find(Strike strike) const {
  auto it = std::lower_bound(strikes.begin(), strikes.end(), strike,
                             [](const StrikeState& s, Strike k) { return s.strike < k; });
  return it != strikes.end() && it->strike == strike ? &*it : nullptr;
}

std::optional<UtcSeconds> ChainState::oldest_observation() const {
  std::optional<UtcSeconds> oldest;
  for (const StrikeState& s : strikes) {
    for (const SideState* side : {&s.call, &s.put}) {
      if (side->observed_at && (!oldest || *side->observed_at < *oldest)) {
        oldest = side->observed_at;
      }
    }
  }
  return oldest;
}

}  // namespace strikeline
