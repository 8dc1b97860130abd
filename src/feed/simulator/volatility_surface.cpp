#include "feed/simulator/volatility_surface.h"

#include <algorithm>
#include <cmath>

namespace strikeline::sim {

double surface_volatility(double atm_level, double forward, double strike, double years) {
  const double t = std::max(years, 1.0 / (365.0 * 24.0));
  const double term = 0.92 + 0.22 * std::exp(-t * 365.0 / 5.0);
  const double atm = atm_level * term;
  const double z = std::log(strike / forward) / (atm * std::sqrt(t));
  const double smile = 1.0 - 0.07 * z + 0.018 * z * z;
  return std::clamp(atm * std::clamp(smile, 0.7, 2.5), 0.03, 3.0);
}

}  // namespace strikeline::sim
