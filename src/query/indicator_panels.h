// The panels a dashboard can show (API.md GET /fo/indicators): each indicator by moneyness over
// time (orientation "horizontal"), by strike ("vertical"), and max pain per expiry. Static data.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/side.h"

namespace strikeline {

struct IndicatorPanel {
  std::string_view id;
  std::string_view label;
  std::string_view indicator;    // an Indicator name, or "max_pain"
  std::string_view orientation;  // "horizontal" (moneyness over time) or "vertical" (by strike)
  std::optional<SideSelection> option_side;
  bool is_default = false;
};

std::span<const IndicatorPanel> indicator_panels();

}  // namespace strikeline
