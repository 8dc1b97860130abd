#include "pricing/forward.h"

#include <cfloat>
#include <cmath>

namespace strikeline::pricing::detail {
namespace {

double sqrt_product(double a, double b) {
  const double product = a * b;
  if (product >= DBL_MIN && product <= DBL_MAX) return std::sqrt(product);
  return std::sqrt(a) * std::sqrt(b);
}

}  // namespace

double log_moneyness(double forward, double strike) noexcept {
  // Sterbenz: forward - strike is exact when the ratio is within [1/2, 2]; the quotient then only
  // carries its own rounding and log1p keeps the relative accuracy however close to the money.
  if (forward >= 0.5 * strike && forward <= 2.0 * strike) {
    return std::log1p((forward - strike) / strike);
  }
  const double ratio = forward / strike;
  if (ratio >= DBL_MIN && ratio <= DBL_MAX) return std::log(ratio);
  return std::log(forward) - std::log(strike);
}

ForwardTerms forward_terms(double forward, double strike, double discount) noexcept {
  return {true,
          forward,
          discount,
          forward - strike,
          log_moneyness(forward, strike),
          sqrt_product(forward, strike)};
}

ForwardTerms spot_forward_terms(double spot, double strike, double years, double rate,
                                double dividend_yield) noexcept {
  const long double carry =
      (static_cast<long double>(rate) - static_cast<long double>(dividend_yield)) * years;
  const long double growth = std::expm1(carry);  // F/S - 1
  const long double spot_l = spot;
  const long double strike_l = strike;
  const long double forward_l = spot_l + spot_l * growth;
  const long double difference = (spot_l - strike_l) + spot_l * growth;
  const long double x =
      (spot >= 0.5 * strike && spot <= 2.0 * strike ? std::log1p((spot_l - strike_l) / strike_l)
                                                    : std::log(spot_l / strike_l)) +
      carry;
  const double forward = static_cast<double>(forward_l);
  const double discount = std::exp(-rate * years);
  ForwardTerms terms{true,
                     forward,
                     discount,
                     static_cast<double>(difference),
                     static_cast<double>(x),
                     sqrt_product(forward, strike)};
  terms.valid = std::isfinite(forward) && forward > 0.0 && std::isfinite(discount) &&
                discount > 0.0 && std::isfinite(terms.log_moneyness) &&
                std::isfinite(terms.forward_minus_strike) && std::isfinite(terms.sqrt_fk) &&
                terms.sqrt_fk > 0.0;
  return terms;
}

}  // namespace strikeline::pricing::detail
