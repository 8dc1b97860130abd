// At the money, in the chain as of a moment (DESIGN.md "The chain as of a moment"): ATM is the
// listed strike nearest the underlying (ties: the lower strike). Strike ranges and moneyness
// levels count positions in the expiry's listed strikes from there, whatever their spacing (a
// weekly's 50-point grid, a long-dated expiry's 500-point one, wings wider than the middle).
#pragma once

#include <cstddef>
#include <optional>

#include "store/chain_state.h"

namespace strikeline {

// The index of the ATM strike in state.strikes; nullopt without strikes or a usable underlying.
std::optional<std::size_t> atm_index(const ChainState& state);

// The indices [first, last) of the strikes within `range` positions of ATM on either side.
struct StrikeSpan {
  std::size_t first = 0, last = 0;
};
StrikeSpan strikes_around(std::size_t atm, std::size_t count, int range);

}  // namespace strikeline
