#include "pricing/option_analytics.h"

#include <cmath>

#include "pricing/greeks.h"
#include "pricing/implied_volatility.h"

namespace strikeline::pricing {

OptionAnalytics analyse_option(const MarketInputs& in) noexcept {
  OptionAnalytics out{PricingStatus::ok, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  if (!std::isfinite(in.rate) || !std::isfinite(in.dividend_yield)) {
    out.status = PricingStatus::invalid_input;
    return out;
  }
  VolatilityResult iv{PricingStatus::invalid_input, 0.0};
  if (in.underlying_is_forward) {
    const double discount =
        std::isfinite(in.years) && in.years > 0.0 ? std::exp(-in.rate * in.years) : 1.0;
    iv = implied_volatility_black76(in.side, in.premium, in.underlying, in.strike, in.years,
                                    discount);
  } else {
    iv = implied_volatility_black_scholes(in.side, in.premium, in.underlying, in.strike, in.years,
                                          in.rate, in.dividend_yield);
  }
  if (iv.status != PricingStatus::ok) {
    out.status = iv.status;
    return out;
  }
  const GreeksResult greeks =
      in.underlying_is_forward
          ? black76_greeks(in.side, in.underlying, in.strike, iv.sigma, in.years, in.rate)
          : black_scholes_greeks(in.side, in.underlying, in.strike, iv.sigma, in.years, in.rate,
                                 in.dividend_yield);
  const double iv_percent = 100.0 * iv.sigma;
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
