// erfcx(u) = exp(u^2) erfc(u) as inline code, for the pricing kernels that evaluate it on every
// option (normalised_black, the Greeks): a call into another translation unit makes the compiler
// spill the caller's live registers around it. The out-of-line erfcx() of normal_distribution.h is
// this function; its accuracy (a few ulps, tails included) is stated and tested there.
// Piecewise interpolants on y = 2/(2+u) for -1 <= u <= 30 (erfcx_coefficients.inc, see
// tools/generate_erfcx_coefficients.py), the asymptotic series above 30, and the reflection
// erfcx(u) = 2 exp(u^2) - erfcx(-u) below -1.
#pragma once

#include <cmath>
#include <limits>

#include "pricing/inline_log_exp.h"

namespace strikeline::pricing::detail {

inline constexpr int kErfcxPieces = 32;
inline constexpr double kErfcxPiecesPerUnit = 16.0;
inline constexpr double kErfcxTable[kErfcxPieces][10] = {
#include "pricing/erfcx_coefficients.inc"
};

// erfcx for u > 30: asymptotic series 1/(u sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2u^2)^k, eight terms
// (the first omitted one is below 3e-18 relative).
inline double erfcx_asymptotic(double u) noexcept {
  constexpr double kInvSqrtPi = 0.56418958354775628695;  // 1/sqrt(pi)
  const double v = 1.0 / (2.0 * u * u);  // 0 once u*u overflows, which is then exact enough
  double series = -135135.0;
  series = std::fma(series, v, 10395.0);
  series = std::fma(series, v, -945.0);
  series = std::fma(series, v, 105.0);
  series = std::fma(series, v, -15.0);
  series = std::fma(series, v, 3.0);
  series = std::fma(series, v, -1.0);
  series = std::fma(series, v, 1.0);
  return kInvSqrtPi / u * series;
}

// The interpolant of one piece (coefficients c) at w in [-1, 1]: degree 9 by Estrin's scheme (a
// short dependency chain); the terms from w^2 on are at most ~1 % of the value, so their rounding
// is attenuated.
[[gnu::always_inline]] inline double erfcx_piece(const double* c, double w) noexcept {
  const double w2 = w * w;
  const double w4 = w2 * w2;
  const double p01 = std::fma(c[1], w, c[0]);
  const double p23 = std::fma(c[3], w, c[2]);
  const double p45 = std::fma(c[5], w, c[4]);
  const double p67 = std::fma(c[7], w, c[6]);
  const double p89 = std::fma(c[9], w, c[8]);
  const double p25 = std::fma(p45, w2, p23);
  const double p69 = std::fma(p89, w2, p67);
  return std::fma(std::fma(p69, w4, p25), w2, p01);
}

// erfcx for -1 + 2^-52 <= u <= 30 (where 16 y = 32/(2 + u) rounds below 32), by the piecewise
// interpolants, without range checks.
[[gnu::always_inline]] inline double erfcx_interpolated(double u) noexcept {
  const double scaled = 2.0 * kErfcxPiecesPerUnit / (2.0 + u);  // 16 y in [1.0, 32)
  // The piece as a double (for w) and as an index, in parallel rather than one after the other.
  const double whole = std::floor(scaled);
  return erfcx_piece(kErfcxTable[static_cast<int>(whole)], 2.0 * (scaled - whole) - 1.0);
}

// erfcx for u >= -1 (or NaN).
[[gnu::always_inline]] inline double erfcx_from_minus_one(double u) noexcept {
  if (u > 30.0) return erfcx_asymptotic(u);
  if (!(u >= -1.0 + 0x1p-52)) {
    // -1 and the double above it: 16 y rounds to 32, the end of the last piece. NaN stays NaN.
    return u >= -1.0 ? erfcx_piece(kErfcxTable[kErfcxPieces - 1], 1.0) : u;
  }
  return erfcx_interpolated(u);
}

// exp(u^2) for |u| <= 26.6, with the rounding error of u*u compensated (fma), so that the relative
// error does not grow like u^2 ulps.
[[gnu::always_inline]] inline double exp_square(double u) noexcept {
  const double square = u * u;
  return exp_in_range(square) * (1.0 + std::fma(u, u, -square));
}

// erfcx for every u: finite for u > -26.6, +inf below, NaN for NaN.
[[gnu::always_inline]] inline double inline_erfcx(double u) noexcept {
  if (u < -1.0) {
    // erfc(-v) = 2 - erfc(v): erfcx(u) = 2 exp(u^2) - erfcx(-u), a difference of a term >= 2e and
    // one <= 0.43, so without cancellation.
    if (u < -26.6) return std::numeric_limits<double>::infinity();
    return 2.0 * exp_square(u) - erfcx_from_minus_one(-u);
  }
  return erfcx_from_minus_one(u);
}

// Phi(z) = erfc(-z/sqrt 2)/2 = erfcx(|z|/sqrt 2) e/2 (its complement for z >= 0), given
// e = exp(-z^2/2): for callers that have e from elsewhere (norm_cdf computes it, the Greeks derive
// it from the vega factor). 0 below z = -40, 1 above 40, NaN for NaN.
[[gnu::always_inline]] inline double norm_cdf_from_density(double z, double e) noexcept {
  constexpr double kInvSqrt2 = 0.70710678118654752440;  // 1/sqrt(2)
  if (z < 0.0) return z < -40.0 ? 0.0 : 0.5 * inline_erfcx(-z * kInvSqrt2) * e;
  return z > 40.0 ? 1.0 : 1.0 - 0.5 * inline_erfcx(z * kInvSqrt2) * e;
}

}  // namespace strikeline::pricing::detail
