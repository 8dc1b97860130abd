#include "pricing/black_scholes.h"

#include <cmath>

#include "pricing/forward.h"
#include "pricing/normalised_black.h"

namespace strikeline::pricing {
namespace {

// Price from accurate ingredients: fk_diff = F - K and x = ln(F/K) computed without inheriting the
// rounding of F. The intrinsic part is taken from fk_diff, the time value from the normalised
// out-of-the-money Black function.
PriceResult price_from_terms(Side side, const detail::ForwardTerms& f, double sigma, double years) {
  if (!f.valid) return {PricingStatus::invalid_input, 0.0};
  const double discount = f.discount;
  const double signed_intrinsic =
      side == Side::call ? f.forward_minus_strike : -f.forward_minus_strike;
  const double intrinsic = signed_intrinsic > 0.0 ? signed_intrinsic : 0.0;
  if (years <= 0.0) return {PricingStatus::expired, discount * intrinsic};
  const double s = sigma * std::sqrt(years);
  if (!std::isfinite(s)) return {PricingStatus::invalid_input, 0.0};
  double time_value = 0.0;
  if (s > 0.0) time_value = f.sqrt_fk * detail::otm_call(-std::fabs(f.log_moneyness), s).price;
  const double price = discount * (intrinsic + time_value);
  if (!std::isfinite(price)) return {PricingStatus::invalid_input, 0.0};
  return {PricingStatus::ok, price};
}

}  // namespace

PriceResult black76_price(Side side, double forward, double strike, double sigma, double years,
                          double discount) noexcept {
  if (!std::isfinite(forward) || !std::isfinite(strike) || !std::isfinite(sigma) ||
      !std::isfinite(discount) || std::isnan(years) || (std::isinf(years) && years > 0.0) ||
      !(forward > 0.0) || !(strike > 0.0) || !(discount > 0.0) || sigma < 0.0) {
    return {PricingStatus::invalid_input, 0.0};
  }
  return price_from_terms(side, detail::forward_terms(forward, strike, discount), sigma, years);
}

PriceResult black_scholes_price(Side side, double spot, double strike, double sigma, double years,
                                double rate, double dividend_yield) noexcept {
  if (!std::isfinite(spot) || !std::isfinite(strike) || !std::isfinite(sigma) ||
      !std::isfinite(rate) || !std::isfinite(dividend_yield) || std::isnan(years) ||
      (std::isinf(years) && years > 0.0) || !(spot > 0.0) || !(strike > 0.0) || sigma < 0.0) {
    return {PricingStatus::invalid_input, 0.0};
  }
  const double t = years > 0.0 ? years : 0.0;
  return price_from_terms(side, detail::spot_forward_terms(spot, strike, t, rate, dividend_yield),
                          sigma, years);
}

}  // namespace strikeline::pricing
