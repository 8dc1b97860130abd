// The one place that decides which forward an expiry is priced on (core/forward_source.h's
// PricingPolicy): the write path prices every tick and every daily record with it, and the
// queries report it with each expiry (the option chain's `forward`, the implied forward and the
// term structure), so what is reported is what priced. Preference by policy.forward, the first
// that is known:
//   future:    the future's price (Black-76), the spot with the rate (Black-Scholes);
//   synthetic: the implied forward (Black-76), the future, the spot with the rate;
//   spot:      the spot with the rate, the future.
// The forward of the spot is S exp((r - q) T). Pure, allocation-free, noexcept.
#pragma once

#include <optional>

#include "core/forward_source.h"

namespace strikeline::pricing {

struct ForwardCandidates {
  std::optional<double> spot;       // the underlying's price
  std::optional<double> future;     // the expiry's future
  std::optional<double> synthetic;  // the expiry's implied forward (implied_forward.h)
};

struct [[nodiscard]] ChosenForward {
  bool found = false;  // false: none of the candidates is known (or usable)
  ForwardSource source = ForwardSource::future;  // which candidate priced
  double forward = 0;                            // F (for spot: S exp((r - q) T))
  // What pricing::MarketInputs takes: the forward itself (Black-76) or the spot (Black-Scholes).
  double underlying = 0;
  bool underlying_is_forward = false;
};

ChosenForward choose_forward(const PricingPolicy& policy, double years,
                             const ForwardCandidates& candidates) noexcept;

}  // namespace strikeline::pricing
