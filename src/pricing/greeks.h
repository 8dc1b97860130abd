// Sensitivities of European options under Black-76 (forward fixed, discount exp(-rate years)) and
// Black-Scholes (spot, rate, continuous dividend yield), in the market's units:
//   delta, gamma  with respect to the underlying (the forward for Black-76, the spot otherwise);
//   theta         -dV/dT per CALENDAR day (annual theta / 365);
//   vega          dV/dsigma per vol point (per 0.01 of sigma);
//   rho           dV/drate per 1 % (per 0.01 of rate); for Black-76 the forward is held fixed, so
//                 rho = -T V / 100.
// Closed forms evaluated with the accurate Phi and normalised Black function. Pure,
// allocation-free, noexcept. Status: invalid_input for a non-finite argument (years = -inf aside),
// non-positive underlying or strike, non-positive sigma, or results that would overflow; expired
// for years <= 0; ok otherwise, and then every field is finite. Fields are 0 unless ok.
#pragma once

#include "core/side.h"
#include "pricing/forward.h"
#include "pricing/pricing_status.h"

namespace strikeline::pricing {

inline constexpr double kDaysPerYear = 365.0;

struct Greeks {
  double delta = 0.0;
  double gamma = 0.0;
  double theta = 0.0;  // per calendar day
  double vega = 0.0;   // per vol point
  double rho = 0.0;    // per 1 % of rate
};

struct [[nodiscard]] GreeksResult {
  PricingStatus status;
  Greeks greeks;
  double price = 0.0;  // the option value the Greeks belong to
};

GreeksResult black76_greeks(Side side, double forward, double strike, double sigma, double years,
                            double rate) noexcept;

GreeksResult black_scholes_greeks(Side side, double spot, double strike, double sigma, double years,
                                  double rate, double dividend_yield = 0.0) noexcept;

// Gamma alone, the same for a call and a put: black_scholes_greeks(...).greeks.gamma for the same
// inputs (to a few ulps) and the same statuses, without the value and the other Greeks, for
// callers that evaluate one chain's gamma at many underlying levels (the zero-gamma search).
struct [[nodiscard]] GammaResult {
  PricingStatus status;
  double gamma;  // 0 unless ok
};
GammaResult black_scholes_gamma(double spot, double strike, double sigma, double years, double rate,
                                double dividend_yield = 0.0) noexcept;

namespace detail {
// black76_greeks (spot_model false; `terms` = forward_terms(forward, strike, exp(-rate years)))
// or black_scholes_greeks (spot_model true; `terms` = spot_forward_terms(...)) from forward terms
// the caller already has, for inputs the caller has validated as those functions do (the façade:
// an implied volatility solved with status ok from the same inputs, and a finite rate and dividend
// yield); only the results are checked here. `value`: the option value at sigma when the caller
// knows it (the façade passes the premium its implied sigma reproduces), NaN to compute it; it
// enters theta and rho of Black-76 and is returned as `price`.
GreeksResult greeks_from_terms(Side side, double underlying, double strike,
                               const ForwardTerms& terms, double sigma, double years, double rate,
                               double dividend_yield, bool spot_model, double value) noexcept;
// black_scholes_gamma(spot, strike, sigma, g.years, g.rate, g.dividend_yield), given
// g = carry_growth(...) (options of one expiry share it).
GammaResult black_scholes_gamma(double spot, double strike, double sigma,
                                const CarryGrowth& g) noexcept;
}  // namespace detail

}  // namespace strikeline::pricing
