#include "query/moneyness.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace strikeline {

std::optional<int> moneyness_level(Strike strike, double underlying, Strike step) {
  if (!std::isfinite(underlying) || underlying <= 0 || step.hundredths() <= 0) return std::nullopt;
  const double distance = (strike.to_double() - underlying) / step.to_double();
  // Clamp before converting so far-away strikes cannot overflow an int.
  const double clamped =
      std::clamp(distance, -(kMaxMoneynessLevel + 1.0), kMaxMoneynessLevel + 1.0);
  // nearbyint under the default rounding mode rounds half to even.
  const int level = static_cast<int>(std::nearbyint(clamped));
  return std::clamp(level, -kMaxMoneynessLevel, kMaxMoneynessLevel);
}

int moneyness_rank(int level, SideSelection selection) {
  const int seen = selection == SideSelection::put ? -level : level;
  return std::clamp(seen, -kMaxMoneynessLevel, kMaxMoneynessLevel) + kMaxMoneynessLevel;
}

std::string_view moneyness_label(int rank) {
  static constexpr std::array<std::string_view, kMoneynessRanks> kLabels{
      "ITM10", "ITM9", "ITM8", "ITM7", "ITM6", "ITM5", "ITM4", "ITM3", "ITM2", "ITM1", "ATM",
      "OTM1",  "OTM2", "OTM3", "OTM4", "OTM5", "OTM6", "OTM7", "OTM8", "OTM9", "OTM10"};
  return kLabels[static_cast<std::size_t>(std::clamp(rank, 0, kMoneynessRanks - 1))];
}

}  // namespace strikeline
