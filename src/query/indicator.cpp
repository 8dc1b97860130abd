#include "query/indicator.h"

#include <cmath>
#include <iterator>

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
  static constexpr double kPowers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  const double scale = decimals >= 0 && decimals < static_cast<int>(std::size(kPowers))
                           ? kPowers[decimals]
                           : std::pow(10.0, decimals);
  const double scaled = value * scale;
  // Beyond 2^52 a double has no fractional digits left to round.
  if (std::fabs(scaled) >= 4503599627370496.0) return value;
  return std::round(scaled) / scale;
}

bool is_flow(Indicator indicator) {
  return indicator == Indicator::volume || indicator == Indicator::pcr_volume;
}

std::optional<double> side_value(const SideState& state, const SideBar* flow, Indicator indicator) {
  const auto analytic = [&](double value) -> std::optional<double> {
    if (state.has_analytics) return value;
    return std::nullopt;
  };
  switch (indicator) {
    case Indicator::iv:
      return analytic(state.iv);
    case Indicator::delta:
      return analytic(state.delta);
    case Indicator::gamma:
      return analytic(state.gamma);
    case Indicator::theta:
      return analytic(state.theta);
    case Indicator::vega:
      return analytic(state.vega);
    case Indicator::oi:
    case Indicator::pcr:
      if (state.oi) return static_cast<double>(*state.oi);
      return std::nullopt;
    case Indicator::oi_change:
      if (state.oi_change) return static_cast<double>(*state.oi_change);
      return std::nullopt;
    case Indicator::volume:
    case Indicator::pcr_volume:
      return flow ? static_cast<double>(flow->volume) : 0.0;
    case Indicator::premium:
      return state.last_price;
  }
  return std::nullopt;
}

StateFields state_fields_of(Indicator indicator) {
  StateFields fields = StateFields::none();
  switch (indicator) {
    case Indicator::iv:
    case Indicator::delta:
    case Indicator::gamma:
    case Indicator::theta:
    case Indicator::vega:
      fields.analytics = true;
      break;
    case Indicator::oi:
    case Indicator::pcr:
    case Indicator::oi_change:
      fields.oi = true;
      break;
    case Indicator::volume:
    case Indicator::pcr_volume:
      break;
    case Indicator::premium:
      fields.price = true;
      break;
  }
  return fields;
}

std::optional<double> combined_value(const StrikeState& state, const StrikeBar* flow,
                                     Indicator indicator, SideSelection selection) {
  const std::optional<double> call =
      side_value(state.call, flow ? &flow->call : nullptr, indicator);
  const std::optional<double> put = side_value(state.put, flow ? &flow->put : nullptr, indicator);
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
