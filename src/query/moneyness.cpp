#include "query/moneyness.h"

#include <algorithm>
#include <array>

namespace strikeline {

int moneyness_level(std::size_t index, std::size_t atm) {
  const auto level = static_cast<long long>(index) - static_cast<long long>(atm);
  return static_cast<int>(std::clamp<long long>(level, -kMaxMoneynessLevel, kMaxMoneynessLevel));
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
