#include "core/strike.h"

#include <cmath>
#include <cstdlib>

namespace strikeline {

std::optional<Strike> Strike::from_double(double value) {
  if (!std::isfinite(value) || std::fabs(value) > 1e13) return std::nullopt;
  return Strike(static_cast<std::int64_t>(std::llround(value * kScale)));
}

std::string Strike::to_string() const {
  std::int64_t whole = hundredths_ / kScale;
  std::int64_t frac = std::llabs(hundredths_ % kScale);
  std::string out = (hundredths_ < 0 && whole == 0) ? "-" : "";
  out += std::to_string(whole);
  if (frac != 0) {
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
  }
  return out;
}

}  // namespace strikeline
