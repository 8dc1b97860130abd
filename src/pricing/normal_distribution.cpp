#include "pricing/normal_distribution.h"

#include <cmath>
#include <limits>

#include "pricing/erfcx_kernel.h"

namespace strikeline::pricing {
namespace {

constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1/sqrt(2 pi)
constexpr double kSqrt2Pi = 2.5066282746310005024;      // sqrt(2 pi)

}  // namespace

namespace detail {

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
  return {norm_cdf_from_density(z, e), pdf};
}

}  // namespace detail

double erfcx(double u) noexcept {
  return detail::inline_erfcx(u);
}

double norm_pdf(double z) noexcept {
  return kInvSqrt2Pi * detail::exp_minus_half_square(z);
}

double norm_cdf(double z) noexcept {
  return detail::norm_cdf_from_density(z, detail::exp_minus_half_square(z));
}

namespace detail {
double inverse_norm_cdf_halley(double p, int steps) noexcept {
  if (!(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  if (p == 0.5) return 0.0;
  // Work in the tail whose probability is exactly representable: p itself when p <= 1/2, else the
  // complement (1 - p is exact for p >= 1/2).
  const bool upper = p > 0.5;
  const double q = upper ? 1.0 - p : p;
  double z = detail::inverse_norm_cdf_lower_tail_guess(q);
  for (int i = 0; i < steps; ++i) {
    const double density = detail::exp_minus_half_square(z);
    if (!(density > 0.0)) break;
    const double u = (norm_cdf(z) - q) * kSqrt2Pi / density;
    z -= u / (1.0 + 0.5 * z * u);
  }
  return upper ? -z : z;
}
}  // namespace detail

double inverse_norm_cdf(double p) noexcept {
  // Two Halley steps: 4.5e-4 -> ~1e-10 -> full precision.
  return detail::inverse_norm_cdf_halley(p, 2);
}

}  // namespace strikeline::pricing
