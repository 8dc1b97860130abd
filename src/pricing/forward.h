// The forward quantities every pricing function needs, computed so that they do not inherit the
// rounding of the forward itself: F - K and x = ln(F/K) accurate to about one unit in their own
// last place however close to the money, and exact-enough sqrt(F K). For Black-76 the forward is
// an input; for Black-Scholes F = S exp((r - q) T) is formed in double-double arithmetic (when
// |(r - q) T| <= 1/8, relative error below 2^-64) or else in extended (64-bit mantissa)
// precision, because an in-the-money premium's time value is F - K minus a number of the size of F:
// a double-rounded F would cost up to F/premium units in the last place of the implied volatility.
// Pure, allocation-free, noexcept. `valid` is false when a result overflows or underflows.
#pragma once

namespace strikeline::pricing::detail {

struct ForwardTerms {
  bool valid;
  double forward;               // F
  double discount;              // exp(-r T) (1 for Black-76 terms built without a rate)
  double forward_minus_strike;  // F - K
  double log_moneyness;         // ln(F/K)
  double sqrt_fk;               // sqrt(F K)
};

// From a forward (Black-76), with the given discount factor.
ForwardTerms forward_terms(double forward, double strike, double discount) noexcept;

// From a spot, continuously compounded rate and dividend yield (Black-Scholes).
ForwardTerms spot_forward_terms(double spot, double strike, double years, double rate,
                                double dividend_yield) noexcept;

// The part of spot_forward_terms that depends on the expiry and the rates only, so that options
// of one expiry can share it: the growth F/S - 1 = expm1((r - q) T) and the discount exp(-r T).
struct CarryGrowth {
  double years, rate, dividend_yield;  // what it was computed from
  bool compensated;                    // |(r - q) T| <= 1/8: growth_hi + growth_lo
  double growth_hi, growth_lo;         // the growth in double-double, when compensated
  long double carry_extended;          // (r - q) T and the growth, otherwise
  long double growth_extended;
  double discount;
};
CarryGrowth carry_growth(double years, double rate, double dividend_yield) noexcept;
// spot_forward_terms(spot, strike, g.years, g.rate, g.dividend_yield), given g = carry_growth(...).
ForwardTerms spot_forward_terms(double spot, double strike, const CarryGrowth& g) noexcept;

// ln(forward/strike) with a relative error of about one ulp, also close to the money.
double log_moneyness(double forward, double strike) noexcept;

}  // namespace strikeline::pricing::detail
