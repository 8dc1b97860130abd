#include "pricing/normal_distribution.h"

#include <cmath>
#include <limits>

namespace strikeline::pricing {
namespace {

constexpr double kInvSqrtPi = 0.56418958354775628695;   // 1/sqrt(pi)
constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1/sqrt(2 pi)
constexpr double kSqrt2Pi = 2.5066282746310005024;      // sqrt(2 pi)
constexpr double kInvSqrt2 = 0.70710678118654752440;    // 1/sqrt(2)

// Piecewise interpolants of erfcx on y = 2/(2+u), u >= -1, in pieces of width 1/16 in y; see
// tools/generate_erfcx_coefficients.py.
constexpr int kPieces = 32;
constexpr double kPiecesPerUnit = 16.0;
constexpr int kCoefficients = 10;
constexpr double kErfcxTable[kPieces][kCoefficients] = {
#include "pricing/erfcx_coefficients.inc"
};

// erfcx for u > 30: asymptotic series 1/(u sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2u^2)^k, eight terms
// (the first omitted one is below 3e-18 relative).
double erfcx_asymptotic(double u) {
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

// erfcx for u >= -1 (or NaN).
double erfcx_table(double u) {
  if (u > 30.0) return erfcx_asymptotic(u);
  if (!(u >= -1.0)) return u;                              // NaN
  const double scaled = 2.0 * kPiecesPerUnit / (2.0 + u);  // 16 y in [1.0, 32]
  int piece = static_cast<int>(scaled);
  if (piece >= kPieces) piece = kPieces - 1;
  if (piece < 1) piece = 1;
  const double w = 2.0 * scaled - (2 * piece + 1);
  const double* c = kErfcxTable[piece];
  // Degree 9 in w: the terms from w^2 on (at most ~1 % of the value, so their rounding is
  // attenuated) by Estrin's scheme for a short dependency chain, the last two by Horner's rule.
  const double w2 = w * w;
  const double w4 = w2 * w2;
  const double p23 = std::fma(c[3], w, c[2]);
  const double p45 = std::fma(c[5], w, c[4]);
  const double p67 = std::fma(c[7], w, c[6]);
  const double p89 = std::fma(c[9], w, c[8]);
  const double p25 = std::fma(p45, w2, p23);
  const double p69 = std::fma(p89, w2, p67);
  const double high = std::fma(p69, w4, p25);
  return std::fma(std::fma(high, w, c[1]), w, c[0]);
}

}  // namespace

namespace detail {

double exp_square(double u) noexcept {
  const double hi = u * u;
  const double lo = std::fma(u, u, -hi);
  return std::exp(hi) * (1.0 + lo);
}

double exp_minus_half_square(double u) noexcept {
  const double hi = u * u;
  const double lo = std::fma(u, u, -hi);
  return std::exp(-0.5 * hi) * (1.0 - 0.5 * lo);
}

double inverse_norm_cdf_lower_tail_guess(double p) noexcept {
  return inverse_norm_cdf_lower_tail_guess_from_log(std::log(p));
}

double inverse_norm_cdf_lower_tail_guess_from_log(double log_p) noexcept {
  const double t = std::sqrt(-2.0 * log_p);
  const double num = 2.515517 + t * (0.802853 + t * 0.010328);
  const double den = 1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308));
  return num / den - t;
}

NormalPair norm_cdf_and_pdf(double z) noexcept {
  const double e = exp_minus_half_square(z);
  const double pdf = kInvSqrt2Pi * e;
  if (z < 0.0) return {z < -40.0 ? 0.0 : 0.5 * erfcx(-z * kInvSqrt2) * e, pdf};
  if (z >= 0.0) return {z > 40.0 ? 1.0 : 1.0 - 0.5 * erfcx(z * kInvSqrt2) * e, pdf};
  return {z, z};  // NaN
}

}  // namespace detail

double erfcx(double u) noexcept {
  if (u < -1.0) {
    // erfc(-v) = 2 - erfc(v): erfcx(u) = 2 exp(u^2) - erfcx(-u), a difference of a term >= 2e and
    // one <= 0.43, so without cancellation.
    if (u < -26.6) return std::numeric_limits<double>::infinity();
    return 2.0 * detail::exp_square(u) - erfcx_table(-u);
  }
  return erfcx_table(u);
}

double norm_pdf(double z) noexcept {
  return kInvSqrt2Pi * detail::exp_minus_half_square(z);
}

double norm_cdf(double z) noexcept {
  // Phi(z) = erfc(-z/sqrt 2)/2 = erfcx(|z|/sqrt 2) exp(-z^2/2)/2 (+ complement for z > 0).
  if (z < 0.0) {
    if (z < -40.0) return 0.0;
    return 0.5 * erfcx(-z * kInvSqrt2) * detail::exp_minus_half_square(z);
  }
  if (z >= 0.0) {
    if (z > 40.0) return 1.0;
    return 1.0 - 0.5 * erfcx(z * kInvSqrt2) * detail::exp_minus_half_square(z);
  }
  return z;  // NaN
}

double inverse_norm_cdf(double p) noexcept {
  if (!(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  if (p == 0.5) return 0.0;
  // Work in the tail whose probability is exactly representable: p itself when p <= 1/2, else the
  // complement (1 - p is exact for p >= 1/2).
  const bool upper = p > 0.5;
  const double q = upper ? 1.0 - p : p;
  double z = detail::inverse_norm_cdf_lower_tail_guess(q);
  // Two Halley steps: 4.5e-4 -> ~1e-10 -> full precision.
  for (int i = 0; i < 2; ++i) {
    const double density = detail::exp_minus_half_square(z);
    if (!(density > 0.0)) break;
    const double u = (norm_cdf(z) - q) * kSqrt2Pi / density;
    z -= u / (1.0 + 0.5 * z * u);
  }
  return upper ? -z : z;
}

}  // namespace strikeline::pricing
