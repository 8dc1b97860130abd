#include "pricing/option_analytics.h"

#include <cmath>

#include "pricing/greeks.h"
#include "pricing/implied_volatility.h"
#include "pricing/inline_log_exp.h"

namespace strikeline::pricing {

OptionAnalytics analyse_option(const MarketInputs& in) noexcept {
  OptionAnalytics out{PricingStatus::ok, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  if (!std::isfinite(in.rate) || !std::isfinite(in.dividend_yield)) {
    out.status = PricingStatus::invalid_input;
    return out;
  }
  // The forward terms (and, for the spot model, the extended-precision forward) are computed once
  // and shared by the solver and the Greeks; the Greeks take the option value from the premium,
  // which the implied sigma reproduces to a few ulps.
  detail::VolatilityWithTerms iv{};
  if (in.underlying_is_forward) {
    const double discount =
        std::isfinite(in.years) && in.years > 0.0 ? detail::inline_exp(-in.rate * in.years) : 1.0;
    iv = detail::implied_volatility_black76_terms(in.side, in.premium, in.underlying, in.strike,
                                                  in.years, discount);
  } else {
    iv = detail::implied_volatility_black_scholes_terms(
        in.side, in.premium, in.underlying, in.strike, in.years, in.rate, in.dividend_yield);
  }
  if (iv.result.status != PricingStatus::ok) {
    out.status = iv.result.status;
    return out;
  }
  const GreeksResult greeks = detail::greeks_from_terms(
      in.side, in.underlying, in.strike, iv.terms, iv.result.sigma, in.years, in.rate,
      in.dividend_yield, !in.underlying_is_forward, in.premium);
  const double iv_percent = 100.0 * iv.result.sigma;
  if (greeks.status != PricingStatus::ok || !std::isfinite(iv_percent)) {
    out.status = greeks.status != PricingStatus::ok ? greeks.status : PricingStatus::invalid_input;
    return out;
  }
  out.iv_percent = iv_percent;
  out.delta = greeks.greeks.delta;
  out.gamma = greeks.greeks.gamma;
  out.theta = greeks.greeks.theta;
  out.vega = greeks.greeks.vega;
  out.rho = greeks.greeks.rho;
  return out;
}

}  // namespace strikeline::pricing
