#include "core/iv_convention.h"

#include <algorithm>

#include "core/text.h"

namespace strikeline {

std::optional<IvConvention> parse_iv_convention(std::string_view text) {
  text = trim(text);
  if (iequals(text, "strikeline")) return IvConvention::strikeline;
  if (iequals(text, "nse")) return IvConvention::nse;
  return std::nullopt;
}

std::string_view iv_convention_name(IvConvention convention) {
  return convention == IvConvention::nse ? "nse" : "strikeline";
}

double convention_years(IvConvention convention, Expiry expiry, Timestamp now) {
  if (convention == IvConvention::strikeline) return years_to_expiry(expiry, now);
  const auto days = (expiry - ist_date(now)).count();
  if (days < 0) return static_cast<double>(days) / 365.0;
  return static_cast<double>(std::max<decltype(days)>(1, days)) / 365.0;
}

}  // namespace strikeline
