#include "app/pricing_options.h"

namespace strikeline::app {

std::optional<ForwardSource> parse_forward_checked(const std::string& text, IvConvention convention,
                                                   std::string* error) {
  const std::optional<ForwardSource> forward = parse_forward_source(text);
  if (!forward) {
    *error = "--forward must be future, synthetic or spot (got '" + text + "')";
    return std::nullopt;
  }
  if (convention == IvConvention::nse && *forward != ForwardSource::future) {
    *error = "--forward " + text +
             " applies to --iv-convention strikeline; the nse convention always prices on the "
             "spot with r = 10 %";
    return std::nullopt;
  }
  return forward;
}

PricingPolicy pricing_policy(IvConvention convention, ForwardSource forward) {
  PricingPolicy policy;
  policy.forward = convention == IvConvention::nse ? ForwardSource::spot : forward;
  policy.rate = convention == IvConvention::nse ? kNseIvRate : kDefaultPricingRate;
  policy.whole_days = convention == IvConvention::nse;
  return policy;
}

}  // namespace strikeline::app
