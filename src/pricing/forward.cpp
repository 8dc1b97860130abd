#include "pricing/forward.h"

#include <cfloat>
#include <cmath>

#include "pricing/inline_log_exp.h"

namespace strikeline::pricing::detail {
namespace {

double sqrt_product(double a, double b) {
  const double product = a * b;
  if (product >= DBL_MIN && product <= DBL_MAX) return std::sqrt(product);
  return std::sqrt(a) * std::sqrt(b);
}

// Double-double helpers: hi + lo represents a value with ~106 bits.
struct DoubleDouble {
  double hi;
  double lo;
};

DoubleDouble two_sum(double a, double b) {
  const double sum = a + b;
  const double b_virtual = sum - a;
  return {sum, (a - (sum - b_virtual)) + (b - b_virtual)};
}

DoubleDouble two_product(double a, double b) {
  const double product = a * b;
  return {product, std::fma(a, b, -product)};
}

DoubleDouble normalise(DoubleDouble v) {
  const double hi = v.hi + v.lo;
  return {hi, v.lo - (hi - v.hi)};
}

// Carries up to this size take the double-double path (below): the series of expm1 then needs
// only its first three terms in double-double for a relative error below 2^-66.
constexpr double kMaxCompensatedCarry = 0.125;

// expm1(c + c_lo) for |c| <= 1/8: c + c^2/2 + c^3/6 in double-double, the rest of the series
// (at most c^3/24 relative, so its rounding stays below 2^-66) in double, and the first-order
// effect (1 + c) c_lo of the low part.
DoubleDouble expm1_compensated(double c, double c_lo) {
  constexpr double kSixth = 1.0 / 6.0;
  const DoubleDouble c2 = two_product(c, c);
  const double c4 = c2.hi * c2.hi;
  const double c8 = c4 * c4;
  // sum_{k=0..10} c^k / (k+4)! by Estrin's scheme (a short dependency chain; the terms are
  // positive-weighted and at most 1/24, so the order of summation does not matter at 2^-53).
  const double p01 = std::fma(1.0 / 120.0, c, 1.0 / 24.0);
  const double p23 = std::fma(1.0 / 5040.0, c, 1.0 / 720.0);
  const double p45 = std::fma(1.0 / 362880.0, c, 1.0 / 40320.0);
  const double p67 = std::fma(1.0 / 39916800.0, c, 1.0 / 3628800.0);
  const double p89 = std::fma(1.0 / 6227020800.0, c, 1.0 / 479001600.0);
  const double p03 = std::fma(p23, c2.hi, p01);
  const double p47 = std::fma(p67, c2.hi, p45);
  const double p8_10 = std::fma(1.0 / 87178291200.0, c2.hi, p89);  // 1/14! c^2 + ...
  const double tail = std::fma(p8_10, c8, std::fma(p47, c4, p03));
  DoubleDouble c3 = two_product(c2.hi, c);
  c3.lo = std::fma(c2.lo, c, c3.lo);
  // c^3/6 as hi + lo: the remainder of the (multiplicative) division is exact in the fma.
  const double c3_over_6 = c3.hi * kSixth;
  const double c3_over_6_lo = (std::fma(-c3_over_6, 6.0, c3.hi) + c3.lo) * kSixth;
  DoubleDouble sum = two_sum(c, 0.5 * c2.hi);
  const DoubleDouble third = two_sum(sum.lo, c3_over_6);
  sum = normalise({sum.hi, third.hi});
  sum.lo += third.lo + 0.5 * c2.lo + c3_over_6_lo + tail * c4 + c_lo * (1.0 + c);
  return normalise(sum);
}

// The forward terms of spot_forward_terms in double-double arithmetic, from the growth
// F/S - 1 = growth_hi + growth_lo.
ForwardTerms spot_forward_terms_compensated(double spot, double strike, DoubleDouble growth) {
  DoubleDouble spot_growth = two_product(spot, growth.hi);  // S (F/S - 1)
  spot_growth.lo = std::fma(spot, growth.lo, spot_growth.lo);
  DoubleDouble forward = two_sum(spot, spot_growth.hi);
  forward.lo += spot_growth.lo;
  forward = normalise(forward);
  DoubleDouble difference = two_sum(spot, -strike);  // exact
  const DoubleDouble with_growth = two_sum(difference.hi, spot_growth.hi);
  difference = normalise({with_growth.hi, with_growth.lo + difference.lo + spot_growth.lo});
  double x = 0.0;
  if (forward.hi >= 0.5 * strike && forward.hi <= 2.0 * strike) {
    // ln(1 + u) with u = (F - K)/K carried as hi + lo: log1p(hi) + lo/(1 + hi).
    const double u = difference.hi / strike;
    const double u_lo = (std::fma(-u, strike, difference.hi) + difference.lo) / strike;
    x = inline_log1p(u) + u_lo / (1.0 + u);
  } else {
    x = inline_log(forward.hi / strike) + forward.lo / forward.hi;
  }
  return {true, forward.hi, 1.0, difference.hi, x, sqrt_product(forward.hi, strike)};
}

// The forward terms in extended (64-bit mantissa) precision, for |carry| > 1/8.
ForwardTerms spot_forward_terms_extended(double spot, double strike, long double carry,
                                         long double growth) {
  const long double spot_l = spot;
  const long double strike_l = strike;
  const long double forward_l = spot_l + spot_l * growth;
  const long double difference = (spot_l - strike_l) + spot_l * growth;
  const long double x =
      (spot >= 0.5 * strike && spot <= 2.0 * strike ? std::log1p((spot_l - strike_l) / strike_l)
                                                    : std::log(spot_l / strike_l)) +
      carry;
  const double forward = static_cast<double>(forward_l);
  return {true,
          forward,
          1.0,
          static_cast<double>(difference),
          static_cast<double>(x),
          sqrt_product(forward, strike)};
}

}  // namespace

double log_moneyness(double forward, double strike) noexcept {
  // Sterbenz: forward - strike is exact when the ratio is within [1/2, 2]; the quotient then only
  // carries its own rounding and log1p keeps the relative accuracy however close to the money.
  if (forward >= 0.5 * strike && forward <= 2.0 * strike) {
    return inline_log1p((forward - strike) / strike);
  }
  const double ratio = forward / strike;
  if (ratio >= DBL_MIN && ratio <= DBL_MAX) return inline_log(ratio);
  return inline_log(forward) - inline_log(strike);
}

ForwardTerms forward_terms(double forward, double strike, double discount) noexcept {
  return {true,
          forward,
          discount,
          forward - strike,
          log_moneyness(forward, strike),
          sqrt_product(forward, strike)};
}

namespace {
// Inline for spot_forward_terms below, which runs both on every call.
[[gnu::always_inline]] inline CarryGrowth growth_of(double years, double rate,
                                                    double dividend_yield) {
  CarryGrowth g{years, rate, dividend_yield,           false, 0.0, 0.0,
                0.0L,  0.0L, inline_exp(-rate * years)};
  // (rate - dividend_yield) years in double-double.
  const DoubleDouble net = two_sum(rate, -dividend_yield);
  DoubleDouble carry = two_product(net.hi, years);
  carry.lo = std::fma(net.lo, years, carry.lo);
  if (std::fabs(carry.hi) <= kMaxCompensatedCarry) {
    const DoubleDouble growth = expm1_compensated(carry.hi, carry.lo);
    g.compensated = true;
    g.growth_hi = growth.hi;
    g.growth_lo = growth.lo;
    return g;
  }
  g.carry_extended =
      (static_cast<long double>(rate) - static_cast<long double>(dividend_yield)) * years;
  g.growth_extended = std::expm1(g.carry_extended);
  return g;
}

[[gnu::always_inline]] inline ForwardTerms terms_of(double spot, double strike,
                                                    const CarryGrowth& growth) {
  ForwardTerms terms =
      growth.compensated
          ? spot_forward_terms_compensated(spot, strike, {growth.growth_hi, growth.growth_lo})
          : spot_forward_terms_extended(spot, strike, growth.carry_extended,
                                        growth.growth_extended);
  terms.discount = growth.discount;
  terms.valid = std::isfinite(terms.forward) && terms.forward > 0.0 &&
                std::isfinite(terms.discount) && terms.discount > 0.0 &&
                std::isfinite(terms.log_moneyness) && std::isfinite(terms.forward_minus_strike) &&
                std::isfinite(terms.sqrt_fk) && terms.sqrt_fk > 0.0;
  return terms;
}

}  // namespace

CarryGrowth carry_growth(double years, double rate, double dividend_yield) noexcept {
  return growth_of(years, rate, dividend_yield);
}

ForwardTerms spot_forward_terms(double spot, double strike, const CarryGrowth& growth) noexcept {
  return terms_of(spot, strike, growth);
}

ForwardTerms spot_forward_terms(double spot, double strike, double years, double rate,
                                double dividend_yield) noexcept {
  return terms_of(spot, strike, growth_of(years, rate, dividend_yield));
}

}  // namespace strikeline::pricing::detail
