// The normalised Black function of P. Jaeckel, "Let's Be Rational" (2013/2016):
//   b(x, s) = theta [exp(x/2) Phi(theta (x/s + s/2)) - exp(-x/2) Phi(theta (x/s - s/2))],
// x = ln(F/K), s = sigma sqrt(T), theta = +1 for a call and -1 for a put: the undiscounted Black
// price divided by sqrt(F K). Relative error at most a few ulps times max(1, E), E = s b'(s)/b the
// elasticity in s (worst 2.7 against 113-bit references, see tests): a few ulps of the price, or,
// deep out of the money where the price reacts strongly to s, the equivalent of a few ulps of s.
// Regimes: an asymptotic expansion deep out of the money, a Taylor expansion in s for small s,
// erfcx differences or the complement elsewhere, none with harmful cancellation.
// Pure, allocation-free, noexcept. Arguments must be finite with s >= 0 (s = +inf gives the
// limit); anything else gives 0.
#pragma once

#include <cmath>

#include "core/side.h"
#include "pricing/inline_log_exp.h"

namespace strikeline::pricing {

// b(x, s) for the given side; b(x, 0) is the normalised intrinsic value.
double normalised_black(double x, double s, Side side) noexcept;

// Normalised intrinsic value theta (exp(x/2) - exp(-x/2)), floored at 0.
double normalised_intrinsic(double x, Side side) noexcept;

// db/ds = exp(-(x^2/s^2 + s^2/4)/2) / sqrt(2 pi), the same for calls and puts.
double normalised_vega(double x, double s) noexcept;

namespace detail {

// (h^2 + t^2)/2 = -ln(P sqrt(2 pi)), P = db/ds, with h = x/s (inv_s = 1/s) and t = s/2 taken
// exactly from x and s: the rounding of x/s and of the squares is compensated (fma residuals) and
// returned as `lo`, so that exp(-(hi + lo)) keeps a relative accuracy of ~2 ulps even where
// h^2 + t^2 is in the hundreds. Inline: the solver and the Greeks evaluate it on every option.
struct HalfSquares {
  double hi, lo;
};
[[gnu::always_inline]] inline HalfSquares half_squares(double x, double s, double inv_s, double h,
                                                       double t) noexcept {
  const double h_lo = std::fma(-h, s, x) * inv_s;  // x/s - h
  const double hh = h * h;
  const double hh_lo = std::fma(h, h, -hh) + 2.0 * h * h_lo;
  const double tt = t * t;
  const double tt_lo = std::fma(t, t, -tt);
  const double sum = hh + tt;
  const double sum_lo = (hh >= tt ? (hh - sum) + tt : (tt - sum) + hh) + hh_lo + tt_lo;
  return {0.5 * sum, 0.5 * sum_lo};
}

// P = exp(-(h^2+t^2)/2)/sqrt(2 pi) from its compensated exponent.
[[gnu::always_inline]] inline double vega_from(double half_square, double half_square_lo) noexcept {
  constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1/sqrt(2 pi)
  return kInvSqrt2Pi * inline_exp(-half_square) * (1.0 - half_square_lo);
}

// P = db/ds at (x, s), given inv_s = 1/s and h = x inv_s.
[[gnu::always_inline]] inline double vega_factor(double x, double s, double inv_s,
                                                 double h) noexcept {
  const HalfSquares e = half_squares(x, s, inv_s, h, 0.5 * s);
  return vega_from(e.hi, e.lo);
}

struct OtmValue {
  double price;  // b(x, s) of the out-of-the-money call (x <= 0)
  double vega;   // db/ds
};
// Out-of-the-money call, x <= 0, s > 0 (both finite): the core every other value reduces to.
// `exp_half_x` must be exp(x/2) (callers that have it save an exponential).
OtmValue otm_call(double x, double s, double exp_half_x) noexcept;
OtmValue otm_call(double x, double s) noexcept;

struct OtmComplement {
  double complement;  // exp(x/2) - b(x, s)
  double vega;        // db/ds
};
// exp(x/2) - b(x, s) for x <= 0, s > 0, computed as a sum of two positive terms (accurate when b
// is close to its supremum exp(x/2)).
OtmComplement otm_call_complement(double x, double s) noexcept;

// b(x, s) written as P R with P = db/ds = exp(-(h^2 + t^2)/2)/sqrt(2 pi), h = x/s, t = s/2, for a
// solver that wants logarithms or ratios of b without forming P: ln P = -(half_square +
// half_square_lo) - ln sqrt(2 pi) to a few ulps of h^2 + t^2, and R = b/P, or, when `complement`,
// R = (exp(x/2) - b)/P. Same domain as otm_call.
struct OtmScaled {
  double h;               // x/s
  double inv_s;           // 1/s
  double half_square;     // (h^2 + t^2)/2, rounded
  double half_square_lo;  // its rounding error (compensated)
  double ratio;           // R
  bool complement;        // R is the complement ratio (b close to exp(x/2))
};
OtmScaled otm_call_scaled(double x, double s) noexcept;
// The complement form always: R = (exp(x/2) - b)/P, a sum of two positive terms.
OtmScaled otm_call_complement_scaled(double x, double s) noexcept;

// b at the inflexion point s_c = sqrt(2|x|) of b(s), in closed form, for ax = |x| and
// b_max = exp(-ax/2). It shapes initial guesses and zone choices only: for small |x| the
// difference 1 - erfcx(sqrt|x|) carries a relative error of ~2 eps/sqrt|x|.
double inflexion_price(double ax, double b_max) noexcept;

}  // namespace detail
}  // namespace strikeline::pricing
