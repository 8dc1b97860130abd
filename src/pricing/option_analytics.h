// The pricing façade used by the rest of the server: from one observed option premium, the implied
// volatility (in percent, NSE convention) and the Greeks in market units (theta per calendar day,
// vega per vol point, rho per 1 %). Black-76 when the underlying is a forward (from the future),
// Black-Scholes with dividend yield when it is the spot. status ok => every field is finite;
// otherwise every numeric field is 0 and status says why (see implied_volatility.h for the rules).
// Pure, allocation-free, noexcept.
#pragma once

#include <span>

#include "core/side.h"
#include "pricing/pricing_status.h"

namespace strikeline::pricing {

struct MarketInputs {
  Side side;       // strikeline::Side from core/side.h
  double premium;  // option price
  double strike;
  double underlying;  // spot, or the forward when underlying_is_forward
  bool underlying_is_forward = false;
  double years;                 // time to expiry in years (calendar seconds / (365*86400))
  double rate = 0.10;           // continuously compounded risk-free rate (NSE default 10%)
  double dividend_yield = 0.0;  // continuous; ignored when underlying_is_forward
};

struct [[nodiscard]] OptionAnalytics {
  PricingStatus status;  // ok => every field below is finite
  double iv_percent;     // implied volatility in percent (100 sigma)
  double delta;          // dV/d(underlying)
  double gamma;          // d2V/d(underlying)^2
  double theta;          // per calendar day
  double vega;           // per vol point
  double rho;            // per 1 % of rate
};

OptionAnalytics analyse_option(const MarketInputs& in) noexcept;

// analyse_option for each of `in` into `out` (the first min(in.size(), out.size()) of them), with
// the same results; faster than one call per option (it overlaps the work of neighbouring
// options), so the way to price a chain or a batch of ticks.
void analyse_options(std::span<const MarketInputs> in, std::span<OptionAnalytics> out) noexcept;

}  // namespace strikeline::pricing
