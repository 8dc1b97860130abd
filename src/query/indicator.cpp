#include "query/indicator.h"

#include <cmath>

#include "core/text.h"

namespace strikeline {

std::string_view indicator_name(Indicator indicator) {
  switch (indicator) {
    case Indicator::iv:
      return "iv";
    case Indicator::delta:
      return "delta";
    case Indicator::gamma:
      return "gamma";
    case Indicator::theta:
      return "theta";
    case Indicator::vega:
      return "vega";
    case Indicator::oi:
      return "oi";
    case Indicator::oi_change:
      return "oi_change";
    case Indicator::volume:
      return "volume";
    case Indicator::pcr:
      return "pcr";
    case Indicator::pcr_volume:
      return "pcr_volume";
    case Indicator::premium:
      return "premium";
  }
  return "iv";
}

std::optional<Indicator> parse_indicator(std::string_view text) {
  text = trim(text);
  for (Indicator i : kAllIndicators) {
    if (iequals(text, indicator_name(i))) return i;
  }
  return std::nullopt;
}

std::string_view supported_indicators() {
  return "iv, delta, gamma, theta, vega, oi, oi_change, volume, pcr, pcr_volume, premium";
}

Combination combination_of(Indicator indicator) {
  switch (indicator) {
    case Indicator::oi:
    case Indicator::oi_change:
    case Indicator::volume:
      return Combination::sum;
    case Indicator::pcr:
    case Indicator::pcr_volume:
      return Combination::put_call_ratio;
    default:
      return Combination::mean;
  }
}

int indicator_decimals(Indicator indicator) {
  return indicator == Indicator::gamma ? 6 : 4;
}

double round_to(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  const double scale = std::pow(10.0, decimals);
  const double scaled = value * scale;
  // Beyond 2^52 a double has no fractional digits left to round.
  if (std::fabs(scaled) >= 4503599627370496.0) return value;
  return std::round(scaled) / scale;
}

std::optional<double> side_value(const SideBar& side, Indicator indicator) {
  switch (indicator) {
    case Indicator::iv:
      if (side.has_analytics()) return side.iv;
      return std::nullopt;
    case Indicator::delta:
      if (side.has_analytics()) return side.delta;
      return std::nullopt;
    case Indicator::gamma:
      if (side.has_analytics()) return side.gamma;
      return std::nullopt;
    case Indicator::theta:
      if (side.has_analytics()) return side.theta;
      return std::nullopt;
    case Indicator::vega:
      if (side.has_analytics()) return side.vega;
      return std::nullopt;
    case Indicator::oi:
    case Indicator::pcr:
      if (side.oi) return static_cast<double>(*side.oi);
      return std::nullopt;
    case Indicator::oi_change:
      if (side.oi_change) return static_cast<double>(*side.oi_change);
      return std::nullopt;
    case Indicator::volume:
    case Indicator::pcr_volume:
      if (!side.empty()) return static_cast<double>(side.volume);
      return std::nullopt;
    case Indicator::premium:
      if (side.has_premium) return side.close;
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<double> combined_value(const StrikeBar& bar, Indicator indicator,
                                     SideSelection selection) {
  const std::optional<double> call = side_value(bar.call, indicator);
  const std::optional<double> put = side_value(bar.put, indicator);
  const Combination how = combination_of(indicator);
  if (how == Combination::put_call_ratio) {
    if (!call || !put || *call == 0) return std::nullopt;
    return *put / *call;
  }
  if (selection == SideSelection::call) return call;
  if (selection == SideSelection::put) return put;
  if (!call) return put;
  if (!put) return call;
  return how == Combination::sum ? *call + *put : (*call + *put) / 2.0;
}

}  // namespace strikeline
