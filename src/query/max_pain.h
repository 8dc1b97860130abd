// Max pain: the settlement strike P, among the bucket's strikes, that minimises the total intrinsic
// value paid to option holders, sum over strikes K of callOI(K)*max(0, P-K) + putOI(K)*max(0, K-P).
// Missing or negative OI counts as 0; ties go to the lower strike; nullopt when the bucket has no
// strike or no OI at all. Exact integer arithmetic (OI in units, strikes in hundredths).
#pragma once

#include <optional>
#include <span>

#include "core/strike_bar.h"

namespace strikeline {

// bars ascending by strike, as ChainReader returns them.
std::optional<Strike> max_pain(std::span<const StrikeBar> bars);

}  // namespace strikeline
