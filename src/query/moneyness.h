// Moneyness labels (API.md): a strike's level is its signed position from ATM in the expiry's
// listed strikes (query/atm.h: the next listed strike above ATM is +1, whatever the spacing),
// capped at +-10. Calls and `both` read the level as is (0 ATM, +n OTMn, -n ITMn); for puts the
// sign is reversed (a strike above spot is an in-the-money put). A MoneynessRank orders labels the
// way responses list them: ITM10 (0) .. ITM1 (9), ATM (10), OTM1 (11) .. OTM10 (20).
#pragma once

#include <cstddef>
#include <string_view>

#include "core/side.h"

namespace strikeline {

inline constexpr int kMaxMoneynessLevel = 10;
inline constexpr int kMoneynessRanks = 2 * kMaxMoneynessLevel + 1;

// Signed level from the call's point of view, in [-10, 10], of the strike at `index` when ATM is
// at `atm` (indices into the listed strikes, ascending).
int moneyness_level(std::size_t index, std::size_t atm);

// Rank in [0, 20] of a level for a side selection (puts reversed).
int moneyness_rank(int level, SideSelection selection);

// "ITM10" .. "ATM" .. "OTM10" for a rank in [0, 20].
std::string_view moneyness_label(int rank);

}  // namespace strikeline
