#include "pricing/normalised_black.h"

#include <cmath>

#include "pricing/erfcx_kernel.h"
#include "pricing/inline_log_exp.h"
#include "pricing/normal_distribution.h"

namespace strikeline::pricing {
namespace {

constexpr double kSqrtHalfPi = 1.2533141373155002512;            // sqrt(pi/2)
constexpr double kInvSqrt2 = 0.70710678118654752440;             // 1/sqrt(2)
constexpr double kTwoOverSqrtPi = 1.1283791670955125739;         // 2/sqrt(pi)
constexpr double kFourOverThreeSqrtPi = 0.75225277806367504925;  // 4/(3 sqrt(pi))

// Region boundaries, in terms of h = x/s <= 0 and t = s/2 > 0.
// Asymptotic expansion when a = -(h+t) >= 10: its terms (2k-1)!!/a^(2k) fall below 1e-17 before
// they start to grow.
constexpr double kAsymptoticMinA = 10.0;
// Number of correction terms of the asymptotic series: the first n with
// a^2 >= kAsymptoticTermThreshold[n] (the first omitted term, (2n+1)!!/a^(2n+2), is then below
// 1.4e-17), and 20 for 10 <= a < 10.25.
constexpr int kAsymptoticMaxTerms = 20;
constexpr double kAsymptoticTermThreshold[kAsymptoticMaxTerms] = {
    7.2e16, 4.63e8, 1.03e6, 52332.0, 9245.0, 3010.0, 1383.0, 786.0, 514.0, 369.0,
    285.0,  231.0,  195.0,  169.0,   151.0,  137.0,  126.0,  117.0, 110.0, 105.0};
// Taylor expansion in t for t < kSmallT, and for t < kSmallTNearMoney when h > kNearMoneyH (there
// the erfcx difference would lose up to ~3.5 ulps to cancellation).
constexpr double kSmallT = 0.21;
constexpr double kSmallTNearMoney = 0.6;
constexpr double kNearMoneyH = -2.0;
// Above this h+t the first term of the Black formula dominates (Phi(h+t) > 0.6 while the second
// term is smaller) and the formula is used as it stands: Phi is far less sensitive there to the
// rounding of its argument than erfcx of a negative argument would be.
constexpr double kDirectMinHPlusT = 0.3;

// Terms of the Taylor expansion taken without checking whether they still count: enough for most
// options of a real chain (short expiries put t well below kSmallT).
constexpr int kSmallTTerms = 5;
// 1/((k+1)(k+2)) for k = 1, 3, 5, ...: the ratio of consecutive odd Taylor weights t^k/k!.
constexpr double kTaylorRatio[20] = {1.0 / 6,    1.0 / 20,   1.0 / 42,   1.0 / 72,   1.0 / 110,
                                     1.0 / 156,  1.0 / 210,  1.0 / 272,  1.0 / 342,  1.0 / 420,
                                     1.0 / 506,  1.0 / 600,  1.0 / 702,  1.0 / 812,  1.0 / 930,
                                     1.0 / 1056, 1.0 / 1190, 1.0 / 1332, 1.0 / 1482, 1.0 / 1640};

// b/P = Y(h+t) - Y(h-t) with Y(z) = Phi(z)/phi(z), a = -(h+t) >= 10, c = t-h. Writing
// D_k = a^-(2k+1) - c^-(2k+1), the asymptotic series of Y gives sum_k (-1)^k (2k-1)!! D_k, and
// D_{k+1} = D_k/a^2 + (1/a^2 - 1/c^2) c^-(2k+1) is a recursion of positive terms: no cancellation
// however small t is relative to |h|.
[[gnu::always_inline]] inline double asymptotic_ratio(double h, double t) {
  const double inv_a = -1.0 / (h + t);
  const double inv_c = 1.0 / (t - h);
  const double inv_ac = inv_a * inv_c;
  const double u = inv_a * inv_a;
  const double v = inv_c * inv_c;
  const double w = -4.0 * t * h * inv_ac * inv_ac;  // u - v without cancellation
  double d = 2.0 * t * inv_ac;                      // D_0 = 1/a - 1/c
  double gamma = inv_c;                             // c^-(2k+1)
  // Terms needed for 2^-56: the k-th term is at most (2k-1)!!/a^(2k) relative to the first.
  const double a2 = 1.0 / u;
  int terms = kAsymptoticMaxTerms;
  for (int n = 0; n < kAsymptoticMaxTerms; ++n) {
    if (a2 >= kAsymptoticTermThreshold[n]) {
      terms = n;
      break;
    }
  }
  double coefficient = 1.0;  // (-1)^k (2k-1)!!
  double sum_even = d;       // two partial sums shorten the dependency chain
  double sum_odd = 0.0;
  for (int k = 0; k < terms; ++k) {
    d = std::fma(u, d, gamma * w);
    gamma *= v;
    coefficient *= -(2.0 * k + 1.0);
    if (k % 2 == 0) {
      sum_odd += coefficient * d;
    } else {
      sum_even += coefficient * d;
    }
  }
  const double sum = sum_even + sum_odd;
  return sum;
}

// b/P by the Taylor expansion in t around h: Y(h+t) - Y(h-t) = 2 sum_{k odd} Y^(k)(h) t^k/k!, with
// Y' = 1 + zY and Y^(n+1) = z Y^(n) + n Y^(n-1). All terms are positive; the forward recursion
// loses ~|h|^2 ulps for h near -10, which the elasticity of b (~h^2) absorbs in terms of s.
[[gnu::always_inline]] inline double small_t_ratio(double h, double t) {
  // -h/sqrt(2) lies in [0, 7.5] here (h > -10.6: the asymptotic regime takes the rest).
  double m_prev = kSqrtHalfPi * detail::erfcx_interpolated(-h * kInvSqrt2);  // Y(h)
  double m = std::fma(h, m_prev, 1.0);                                       // Y'(h)
  double power = t;                                                          // t^k / k!
  double sum = m * power;
  const double t2 = t * t;
  const double h2 = h * h;
  // From (Y^(k-1), Y^(k)), k odd, both Y^(k+1) = h Y^(k) + k Y^(k-1) and, substituting it into
  // the next step, Y^(k+2) = (h^2 + k + 1) Y^(k) + h k Y^(k-1): two independent products per
  // pair of orders instead of a chain of two.
  const auto add_next_term = [&](int i) {
    const double k = 2.0 * i + 1.0;
    const double m_even = std::fma(h, m, k * m_prev);                    // Y^(k+1)
    const double m_odd = std::fma(h2 + (k + 1.0), m, (h * k) * m_prev);  // Y^(k+2)
    m_prev = m_even;
    m = m_odd;
    power *= t2 * kTaylorRatio[i];
    const double term = m * power;
    sum += term;
    return term;
  };
  // The first kSmallTTerms terms unconditionally (a fixed count keeps the loop's exit, which would
  // vary between neighbouring options, out of the branch predictor's way), then until they no
  // longer count.
  for (int i = 0; i < kSmallTTerms; ++i) add_next_term(i);
  for (int i = kSmallTTerms; i < 20; ++i) {
    if (add_next_term(i) < 0x1p-56 * sum) break;
  }
  return 2.0 * sum;
}

// b/P = sqrt(pi/2) [erfcx(a/sqrt2) - erfcx(c/sqrt2)]: used only where the two terms differ enough.
[[gnu::always_inline]] inline double erfcx_ratio(double h, double t) {
  return kSqrtHalfPi *
         (detail::inline_erfcx(-(h + t) * kInvSqrt2) - detail::inline_erfcx((t - h) * kInvSqrt2));
}

// sqrt(pi/2) [erfcx((h+t)/sqrt2) + erfcx((t-h)/sqrt2)] = (exp(x/2) - b)/P: both terms positive.
[[gnu::always_inline]] inline double complement_ratio(double h, double t) {
  return kSqrtHalfPi *
         (detail::inline_erfcx((h + t) * kInvSqrt2) + detail::inline_erfcx((t - h) * kInvSqrt2));
}

}  // namespace

namespace detail {

OtmScaled otm_call_scaled(double x, double s) noexcept {
  const double inv_s = 1.0 / s;
  const double h = x * inv_s;
  const double t = 0.5 * s;
  const detail::HalfSquares e = detail::half_squares(x, s, inv_s, h, t);
  OtmScaled out{h, inv_s, e.hi, e.lo, 0.0, false};
  if (-(h + t) >= kAsymptoticMinA) {
    out.ratio = asymptotic_ratio(h, t);
  } else if (t < kSmallT || (t < kSmallTNearMoney && h > kNearMoneyH)) {
    out.ratio = small_t_ratio(h, t);
  } else if (h + t > kDirectMinHPlusT) {
    // exp(x/2) Phi(h+t) = exp(x/2) - P sqrt(pi/2) erfcx((h+t)/sqrt2) and
    // exp(-x/2) Phi(h-t) = P sqrt(pi/2) erfcx((t-h)/sqrt2).
    out.ratio = complement_ratio(h, t);
    out.complement = true;
  } else {
    out.ratio = erfcx_ratio(h, t);
  }
  return out;
}

OtmScaled otm_call_complement_scaled(double x, double s) noexcept {
  const double inv_s = 1.0 / s;
  const double h = x * inv_s;
  const double t = 0.5 * s;
  const detail::HalfSquares e = detail::half_squares(x, s, inv_s, h, t);
  return {h, inv_s, e.hi, e.lo, complement_ratio(h, t), true};
}

OtmValue otm_call(double x, double s, double exp_half_x) noexcept {
  const OtmScaled e = otm_call_scaled(x, s);
  const double vega = detail::vega_from(e.half_square, e.half_square_lo);
  return {e.complement ? exp_half_x - vega * e.ratio : vega * e.ratio, vega};
}

OtmValue otm_call(double x, double s) noexcept {
  const double h = x / s;
  const double t = 0.5 * s;
  return otm_call(x, s, h + t > kDirectMinHPlusT ? detail::inline_exp(0.5 * x) : 0.0);
}

// At s_c: h + t = 0 and h - t = -s_c, h^2 + t^2 = |x|, so b_c = P [Y(0) - Y(-s_c)] with
// P = exp(x/2)/sqrt(2 pi), i.e. b_c = exp(x/2) (1 - erfcx(sqrt|x|)) / 2. Below 2^-10 the series
// 1 - erfcx(u) = u (2/sqrt(pi) - u + 4u^2/(3 sqrt(pi)) - u^3/2 + ...) replaces the difference.
double inflexion_price(double ax, double b_max) noexcept {
  const double u = std::sqrt(ax);
  double one_minus_erfcx = 0.0;
  if (u < 0x1p-10) {
    one_minus_erfcx = u * (kTwoOverSqrtPi + u * (-1.0 + u * (kFourOverThreeSqrtPi + u * (-0.5))));
  } else {
    one_minus_erfcx = 1.0 - detail::inline_erfcx(u);
  }
  return 0.5 * b_max * one_minus_erfcx;
}

OtmComplement otm_call_complement(double x, double s) noexcept {
  const OtmScaled e = otm_call_complement_scaled(x, s);
  const double vega = detail::vega_from(e.half_square, e.half_square_lo);
  return {vega * e.ratio, vega};
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
  if (std::isinf(s)) return intrinsic + detail::inline_exp(0.5 * x_otm);
  return intrinsic + detail::otm_call(x_otm, s).price;
}

double normalised_vega(double x, double s) noexcept {
  if (!std::isfinite(x) || !(s > 0.0) || std::isinf(s)) return 0.0;
  const double inv_s = 1.0 / s;
  return detail::vega_factor(x, s, inv_s, x * inv_s);
}

}  // namespace strikeline::pricing
