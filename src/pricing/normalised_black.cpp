#include "pricing/normalised_black.h"

#include <cmath>

#include "pricing/normal_distribution.h"

namespace strikeline::pricing {
namespace {

constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1/sqrt(2 pi)
constexpr double kSqrtHalfPi = 1.2533141373155002512;   // sqrt(pi/2)
constexpr double kInvSqrt2 = 0.70710678118654752440;    // 1/sqrt(2)

// Region boundaries, in terms of h = x/s <= 0 and t = s/2 > 0.
// Asymptotic expansion when a = -(h+t) >= 10: its terms (2k-1)!!/a^(2k) fall below 1e-17 before
// they start to grow.
constexpr double kAsymptoticMinA = 10.0;
// Taylor expansion in t for t < kSmallT, and for t < kSmallTNearMoney when h > kNearMoneyH (there
// the erfcx difference would lose up to ~3.5 ulps to cancellation).
constexpr double kSmallT = 0.21;
constexpr double kSmallTNearMoney = 0.6;
constexpr double kNearMoneyH = -2.0;
// Above this h+t the first term of the Black formula dominates (Phi(h+t) > 0.6 while the second
// term is smaller) and the formula is used as it stands: Phi is far less sensitive there to the
// rounding of its argument than erfcx of a negative argument would be.
constexpr double kDirectMinHPlusT = 0.3;

// P = exp(-(h^2+t^2)/2)/sqrt(2 pi) = db/ds.
double vega_factor(double h, double t) {
  return kInvSqrt2Pi * std::exp(-0.5 * (h * h + t * t));
}

// b/P = Y(h+t) - Y(h-t) with Y(z) = Phi(z)/phi(z), a = -(h+t) >= 10, c = t-h. Writing
// D_k = a^-(2k+1) - c^-(2k+1), the asymptotic series of Y gives sum_k (-1)^k (2k-1)!! D_k, and
// D_{k+1} = D_k/a^2 + (1/a^2 - 1/c^2) c^-(2k+1) is a recursion of positive terms: no cancellation
// however small t is relative to |h|.
double asymptotic_ratio(double h, double t) {
  const double a = -(h + t);
  const double c = t - h;
  const double ac = a * c;
  const double u = 1.0 / (a * a);
  const double v = 1.0 / (c * c);
  const double w = -4.0 * t * h / (ac * ac);  // u - v without cancellation
  double d = 2.0 * t / ac;                    // D_0 = 1/a - 1/c
  double gamma = 1.0 / c;                     // c^-(2k+1)
  double coefficient = 1.0;                   // (-1)^k (2k-1)!!
  double sum = d;
  for (int k = 0; k < 24; ++k) {
    d = std::fma(u, d, gamma * w);
    gamma *= v;
    coefficient *= -(2.0 * k + 1.0);
    const double term = coefficient * d;
    sum += term;
    if (std::fabs(term) < 0x1p-56 * sum) break;
  }
  return sum;
}

// b/P by the Taylor expansion in t around h: Y(h+t) - Y(h-t) = 2 sum_{k odd} Y^(k)(h) t^k/k!, with
// Y' = 1 + zY and Y^(n+1) = z Y^(n) + n Y^(n-1). All terms are positive; the forward recursion
// loses ~|h|^2 ulps for h near -10, which the elasticity of b (~h^2) absorbs in terms of s.
double small_t_ratio(double h, double t) {
  double m_prev = kSqrtHalfPi * erfcx(-h * kInvSqrt2);  // Y(h)
  double m = std::fma(h, m_prev, 1.0);                  // Y'(h)
  double power = t;                                     // t^k / k!
  double sum = m * power;
  const double t2 = t * t;
  for (int k = 1; k < 41; k += 2) {
    const double m_even = std::fma(h, m, k * m_prev);       // Y^(k+1)
    const double m_odd = std::fma(h, m_even, (k + 1) * m);  // Y^(k+2)
    m_prev = m_even;
    m = m_odd;
    power *= t2 / ((k + 1.0) * (k + 2.0));
    const double term = m * power;
    sum += term;
    if (term < 0x1p-56 * sum) break;
  }
  return 2.0 * sum;
}

// b/P = sqrt(pi/2) [erfcx(a/sqrt2) - erfcx(c/sqrt2)]: used only where the two terms differ enough.
double erfcx_ratio(double h, double t) {
  return kSqrtHalfPi * (erfcx(-(h + t) * kInvSqrt2) - erfcx((t - h) * kInvSqrt2));
}

}  // namespace

namespace detail {

OtmValue otm_call(double x, double s) noexcept {
  const double h = x / s;
  const double t = 0.5 * s;
  const double vega = vega_factor(h, t);
  if (-(h + t) >= kAsymptoticMinA) return {vega * asymptotic_ratio(h, t), vega};
  if (t < kSmallT || (t < kSmallTNearMoney && h > kNearMoneyH))
    return {vega * small_t_ratio(h, t), vega};
  if (h + t > kDirectMinHPlusT) {
    const double e = std::exp(0.5 * x);
    return {e * norm_cdf(h + t) - norm_cdf(h - t) / e, vega};
  }
  return {vega * erfcx_ratio(h, t), vega};
}

double otm_call_complement(double x, double s) noexcept {
  const double h = x / s;
  const double t = 0.5 * s;
  const double e = std::exp(0.5 * x);
  return e * norm_cdf(-(h + t)) + norm_cdf(h - t) / e;
}

}  // namespace detail

double normalised_intrinsic(double x, Side side) noexcept {
  const double theta_x = side == Side::call ? x : -x;
  if (!(theta_x > 0.0)) return 0.0;
  return 2.0 * std::sinh(0.5 * theta_x);
}

double normalised_black(double x, double s, Side side) noexcept {
  if (!std::isfinite(x) || !(s >= 0.0)) return 0.0;
  const double intrinsic = normalised_intrinsic(x, side);
  if (s == 0.0) return intrinsic;
  const double x_otm = -std::fabs(x);
  if (std::isinf(s)) return intrinsic + std::exp(0.5 * x_otm);
  return intrinsic + detail::otm_call(x_otm, s).price;
}

double normalised_vega(double x, double s) noexcept {
  if (!std::isfinite(x) || !(s > 0.0) || std::isinf(s)) return 0.0;
  return vega_factor(x / s, 0.5 * s);
}

}  // namespace strikeline::pricing
