// Max pain: the settlement strike P, among the listed strikes, that minimises the total intrinsic
// value paid to option holders, sum over strikes K of callOI(K)*max(0, P-K) + putOI(K)*max(0, K-P),
// with each side's open interest as of the chain's moment. Missing or negative OI counts as 0;
// ties go to the lower strike; nullopt when there is no strike or no OI at all. Exact integer
// arithmetic (OI in units, strikes in hundredths).
#pragma once

#include <optional>
#include <span>

#include "store/chain_state.h"

namespace strikeline {

// strikes ascending, as ChainState holds them.
std::optional<Strike> max_pain(std::span<const StrikeState> strikes);

}  // namespace strikeline
