// Moneyness labels (API.md): level = (strike - underlying) / strike step, rounded half to even and
// capped at +-10. Calls and `both` read the level as is (0 ATM, +n OTMn, -n ITMn); for puts the
// sign is reversed (a strike above spot is an in-the-money put). A MoneynessRank orders labels the
// way responses list them: ITM10 (0) .. ITM1 (9), ATM (10), OTM1 (11) .. OTM10 (20).
#pragma once

#include <optional>
#include <string_view>

#include "core/side.h"
#include "core/strike.h"

namespace strikeline {

inline constexpr int kMaxMoneynessLevel = 10;
inline constexpr int kMoneynessRanks = 2 * kMaxMoneynessLevel + 1;

// Signed level from the call's point of view, in [-10, 10]; nullopt when the underlying is not a
// finite positive price or the step is not positive.
std::optional<int> moneyness_level(Strike strike, double underlying, Strike step);

// Rank in [0, 20] of a level for a side selection (puts reversed).
int moneyness_rank(int level, SideSelection selection);

// "ITM10" .. "ATM" .. "OTM10" for a rank in [0, 20].
std::string_view moneyness_label(int rank);

}  // namespace strikeline
