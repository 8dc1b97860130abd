#include "pricing/forward_choice.h"

#include <algorithm>
#include <cmath>

namespace strikeline::pricing {

namespace {

bool usable(const std::optional<double>& price) {
  return price && std::isfinite(*price) && *price > 0;
}

}  // namespace

ChosenForward choose_forward(const PricingPolicy& policy, double years,
                             const ForwardCandidates& candidates) noexcept {
  const auto as_forward = [](ForwardSource source, double f) {
    return ChosenForward{true, source, f, f, true};
  };
  const auto of_spot = [&](double s) {
    const double t = std::isfinite(years) ? std::max(years, 0.0) : 0.0;
    return ChosenForward{true, ForwardSource::spot,
                         s * std::exp((policy.rate - policy.dividend_yield) * t), s, false};
  };
  switch (policy.forward) {
    case ForwardSource::synthetic:
      if (usable(candidates.synthetic)) {
        return as_forward(ForwardSource::synthetic, *candidates.synthetic);
      }
      [[fallthrough]];
    case ForwardSource::future:
      if (usable(candidates.future)) return as_forward(ForwardSource::future, *candidates.future);
      if (usable(candidates.spot)) return of_spot(*candidates.spot);
      return {};
    case ForwardSource::spot:
      if (usable(candidates.spot)) return of_spot(*candidates.spot);
      if (usable(candidates.future)) return as_forward(ForwardSource::future, *candidates.future);
      return {};
  }
  return {};
}

}  // namespace strikeline::pricing
