#include "query/atm.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace strikeline {

std::optional<double> bucket_underlying(std::span<const StrikeBar> bars) {
  std::vector<double> prices;
  prices.reserve(bars.size());
  for (const StrikeBar& bar : bars) {
    if (bar.underlying_close && std::isfinite(*bar.underlying_close) && *bar.underlying_close > 0) {
      prices.push_back(*bar.underlying_close);
    }
  }
  if (prices.empty()) return std::nullopt;
  auto middle = prices.begin() + static_cast<std::ptrdiff_t>((prices.size() - 1) / 2);
  std::nth_element(prices.begin(), middle, prices.end());
  return *middle;
}

const StrikeBar* find_strike(std::span<const StrikeBar> bars, Strike strike) {
  auto it = std::lower_bound(bars.begin(), bars.end(), strike,
                             [](const StrikeBar& b, Strike s) { return b.key.strike < s; });
  if (it == bars.end() || it->key.strike != strike) return nullptr;
  return &*it;
}

std::optional<Strike> atm_strike(std::span<const StrikeBar> bars, double underlying, Strike step) {
  if (bars.empty() || !std::isfinite(underlying) || underlying <= 0 || step.hundredths() <= 0) {
    return std::nullopt;
  }
  const double steps = underlying / step.to_double();
  if (std::fabs(steps) < 1e15) {
    const auto grid = static_cast<std::int64_t>(std::nearbyint(steps)) * step.hundredths();
    if (find_strike(bars, Strike::from_hundredths(grid))) return Strike::from_hundredths(grid);
  }
  const StrikeBar* best = nullptr;
  double best_distance = 0;
  for (const StrikeBar& bar : bars) {  // ascending, so a tie keeps the lower strike
    const double distance = std::fabs(bar.key.strike.to_double() - underlying);
    if (!best || distance < best_distance) {
      best = &bar;
      best_distance = distance;
    }
  }
  return best->key.strike;
}

}  // namespace strikeline
