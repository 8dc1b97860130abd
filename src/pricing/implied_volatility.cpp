#include "pricing/implied_volatility.h"

#include <cfloat>
#include <cmath>
#include <limits>

#include "pricing/forward.h"
#include "pricing/inline_log_exp.h"
#include "pricing/normal_distribution.h"
#include "pricing/normalised_black.h"
#include "pricing/rational_cubic.h"
#include "pricing/volatility_guess_table.h"

namespace strikeline::pricing {
namespace {

constexpr double kInvSqrt2Pi = 0.39894228040143267794;    // 1/sqrt(2 pi)
constexpr double kSqrt2Pi = 2.5066282746310005024;        // sqrt(2 pi)
constexpr double kSqrt3 = 1.7320508075688772935;          // sqrt(3)
constexpr double kLowerMapScale = 1.2091995761561452337;  // 2 pi / (3 sqrt 3)
constexpr double kLogHalf = -0.69314718055994530942;      // ln(1/2)
constexpr double kLogSqrt2Pi = 0.91893853320467274178;    // ln(sqrt(2 pi))
// Relative widening of the zone edges used as the initial bracket (see implied_s_otm_call).
constexpr double kBracketMargin = 0x1p-30;

// A premium within this many units in its last place (counted as eps times its value, i.e. 1 to 2
// ulps each) of intrinsic or of the maximum carries no usable information about the volatility:
// its own rounding moves the time value by 1/64 or more.
constexpr double kInformationUlps = 32.0;
// Householder steps: two, and a third (further ones up to the cap) only when the second step was
// still larger than 2^-20 relative, i.e. when cubic convergence alone would not vouch for 1e-16.
// Over millions of random inputs with |x| <= 3 that happens for ~0.1 % of them (tiny |x| and s
// deep in the lowest zone), and even there the third step does not change the result.
constexpr int kIterations = 2;
constexpr int kMaxIterations = 10;
// From a tabulated guess (volatility_guess_table.h, relative error a few 1e-5) one step suffices:
// the step has quartic convergence, so a step below 2^-13 (1.2e-4) relative leaves an error far
// below 1e-16. A larger step (which the tables' accuracy should never produce) is not trusted and
// the bracketed solver takes over.
constexpr double kTableGuessStep = 0x1p-13;
constexpr double kConvergedStep = 0x1p-20;

enum class Zone { lowest, middle, upper };
// The objective of a Householder step of the bracketed solver: b itself, 1/ln b, or ln(b_max - b).
// (The step from a tabulated guess, step_from_guess, takes ln b in the lowest zone.)
enum class Objective { price, inverse_log_price, log_gap };

// One unit in the last place of v >= 0, within a factor of 2 (eps v, or the denormal minimum).
double ulp(double v) {
  const double scaled = DBL_EPSILON * v;
  return scaled > std::numeric_limits<double>::denorm_min()
             ? scaled
             : std::numeric_limits<double>::denorm_min();
}

// Jaeckel's map for the lowest zone: f(s) = (2 pi |x| / (3 sqrt 3)) Phi(-|x|/(sqrt 3 s))^3, which
// behaves like b for s -> 0 (f(b) = b + o(b)), so that f as a function of b is nearly linear.
struct LowerMap {
  double f, df_ds, d2f_ds2;
};
LowerMap lower_map(double ax, double s) {
  const double z = -ax / (kSqrt3 * s);
  const detail::NormalPair n = detail::norm_cdf_and_pdf(z);
  const double cdf = n.cdf;
  const double pdf = n.pdf;
  const double c = kLowerMapScale * ax;
  const double zs = z / s;
  const double df = -3.0 * c * cdf * cdf * pdf * zs;
  const double d2f = 3.0 * c * cdf * pdf * zs * zs * (2.0 * pdf - z * cdf + 2.0 * cdf / z);
  return {c * cdf * cdf * cdf, df, d2f};
}

double inverse_lower_map(double ax, double f) {
  // Phi(z) = (f / (2 pi |x| / (3 sqrt 3)))^(1/3), taken through its logarithm (no cube root).
  const double log_p = detail::inline_log(f / (kLowerMapScale * ax)) / 3.0;
  const double z =
      detail::inverse_norm_cdf_lower_tail_guess_from_log(log_p < kLogHalf ? log_p : kLogHalf);
  return ax / (kSqrt3 * -z);
}

// Second derivative of s(b), the inverse of b(s): -b''/b'^3 with b''/b' = h^2/s - s/4.
double second_ratio(double x, double s) {
  const double h = x / s;
  return h * h / s - 0.25 * s;
}

// One Householder step of order three on an objective g(b(s)) chosen per zone so that it is nearly
// linear in s: 1/ln(b) in the lowest zone, ln(b_max - b) in the upper zone, b elsewhere.
// With F = g as a function of b: g''/g' = (F''/F') b' + b''/b' and
// g'''/g' = (F'''/F') b'^2 + 3 (F''/F') b'' + b'''/b'. `log_beta` = ln(beta) is needed in the
// lowest zone, `log_gap` = ln(b_max - beta) in the upper zone.
struct HouseholderStep {
  bool valid;   // b and its derivative were usable at s
  bool below;   // b(s) < beta
  double step;  // the change to s
};
HouseholderStep householder_step(Objective objective, double beta, double x, double s, double b_max,
                                 double log_beta, double log_gap) {
  const double inv_s = 1.0 / s;
  const double h = x * inv_s;
  const double h_over_s = h * inv_s;
  const double b2 = h * h_over_s - 0.25 * s;                     // b''/b'
  const double b3 = b2 * b2 - 3.0 * h_over_s * h_over_s - 0.25;  // b'''/b'
  double nu = 0.0;
  double h2 = 0.0;
  double h3 = 0.0;
  bool below = false;
  if (objective == Objective::log_gap) {
    const detail::OtmComplement c = detail::otm_call_complement(x, s);
    if (!(c.complement > 0.0) || !(c.vega > 0.0)) return {false, false, 0.0};
    const double ratio = c.vega / c.complement;
    nu = (detail::inline_log(c.complement) - log_gap) * c.complement / c.vega;
    h2 = ratio + b2;
    h3 = (2.0 * ratio + 3.0 * b2) * ratio + b3;
    below = c.complement > b_max - beta;
  } else {
    const detail::OtmValue value = detail::otm_call(x, s, b_max);
    if (!(value.vega > 0.0)) return {false, false, 0.0};
    below = value.price < beta;
    if (objective == Objective::inverse_log_price && value.price > 0.0) {
      const double l = detail::inline_log(value.price);
      const double inv_l = 1.0 / l;
      const double rho = value.vega / value.price;
      nu = (log_beta - l) * l * value.price / (log_beta * value.vega);
      const double f2 = -(1.0 + 2.0 * inv_l) * rho;  // (F''/F') b'
      h2 = f2 + b2;
      h3 = (2.0 + (6.0 + 6.0 * inv_l) * inv_l) * rho * rho + 3.0 * f2 * b2 + b3;
    } else {
      nu = (beta - value.price) / value.vega;
      h2 = b2;
      h3 = b3;
    }
  }
  const double step = nu * (1.0 + 0.5 * h2 * nu) / (1.0 + nu * (h2 + h3 * nu / 6.0));
  return {true, below, std::isfinite(step) ? step : nu};
}

// The Householder step of order three from a tabulated guess (the objective per zone: ln b in the
// lowest zone, ln(b_max - b) in the upper zone, b elsewhere; see householder_step), written
// in terms of the scaled evaluation b = P R (see otm_call_scaled) so that the logarithmic
// objectives need no exponential and a single division: ln b = ln R + ln P with ln P known from
// its exponent, and b'/b = 1/R. NaN where the evaluation is not usable.
double step_from_guess(const detail::TableGuess& guess, double beta, double x, double b_max) {
  const double s = guess.s;
  const bool upper = guess.zone == detail::GuessZone::upper;
  const detail::OtmScaled e =
      upper ? detail::otm_call_complement_scaled(x, s) : detail::otm_call_scaled(x, s);
  const double h_over_s = e.h * e.inv_s;
  const double b2 = e.h * h_over_s - 0.25 * s;                   // b''/b'
  const double b3 = b2 * b2 - 3.0 * h_over_s * h_over_s - 0.25;  // b'''/b'
  const double r = e.ratio;
  double nu = 0.0;
  double h2 = b2;
  double h3 = b3;
  if (guess.zone == detail::GuessZone::middle) {
    if (!(e.half_square < 708.0)) return std::numeric_limits<double>::quiet_NaN();
    const double inv_vega =
        kSqrt2Pi * detail::exp_in_range(e.half_square) * (1.0 + e.half_square_lo);
    nu = e.complement ? r - (b_max - beta) * inv_vega : beta * inv_vega - r;
  } else {
    if (!(r >= DBL_MIN) || e.complement != upper) return std::numeric_limits<double>::quiet_NaN();
    const double inv_r = 1.0 / r;
    const double log_r = detail::log_of_normal(r);
    // The target's logarithm minus ln R + ln P, with the largest cancellation first.
    if (upper) {
      // g = ln(b_max - b) = ln R + ln P, g' = -b'/(b_max - b) = -1/R.
      nu = -(guess.log_gap + e.half_square + (e.half_square_lo + kLogSqrt2Pi) - log_r) * r;
      h2 = inv_r + b2;
      h3 = (2.0 * inv_r + 3.0 * b2) * inv_r + b3;
    } else {
      // g = ln b = ln R + ln P, g' = 1/R.
      nu = (guess.log_beta + e.half_square + (e.half_square_lo + kLogSqrt2Pi) - log_r) * r;
      h2 = b2 - inv_r;
      h3 = b3 + (2.0 * inv_r - 3.0 * b2) * inv_r;
    }
  }
  // The inverse function's Taylor series to third order, nu - (h2/2) nu^2 + (h2^2/2 - h3/6) nu^3:
  // the same order as householder_step's rational form (they differ by O(nu^4)), without its
  // division.
  return nu * std::fma(nu, std::fma(nu, 0.5 * h2 * h2 - h3 / 6.0, -0.5 * h2), 1.0);
}

VolatilityResult failure(PricingStatus status) {
  return {status, 0.0};
}

// The normalised out-of-the-money call problem, or the status that ends the solve.
struct Normalised {
  PricingStatus status;  // ok: solve b(x, s) = beta
  double beta;
  double x;      // -|ln(F/K)|
  double b_max;  // exp(x/2)
};

// Shared status logic and normalisation. `q` undiscounted premium, `fk_diff` = F - K computed
// accurately, `x` = ln(F/K) computed accurately, `sqrt_fk` = sqrt(F K).
[[gnu::always_inline]] inline Normalised normalise(Side side, double q, double forward,
                                                   double strike, double fk_diff, double x,
                                                   double sqrt_fk) {
  const bool call = side == Side::call;
  const double upper = call ? forward : strike;
  if (q >= upper) return {PricingStatus::above_maximum, 0.0, 0.0, 0.0};
  const double intrinsic_signed = call ? fk_diff : -fk_diff;
  const double intrinsic = intrinsic_signed > 0.0 ? intrinsic_signed : 0.0;
  const double noise = kInformationUlps * ulp(q > intrinsic ? q : intrinsic);
  const double time_value = q - intrinsic;
  if (time_value <= -noise) return {PricingStatus::below_intrinsic, 0.0, 0.0, 0.0};
  if (time_value < noise) return {PricingStatus::no_information, 0.0, 0.0, 0.0};
  if (upper - q < kInformationUlps * ulp(upper)) {
    return {PricingStatus::no_information, 0.0, 0.0, 0.0};
  }
  const double beta = time_value / sqrt_fk;
  const double x_otm = -std::fabs(x);
  const double b_max = detail::inline_exp(0.5 * x_otm);
  if (!(beta >= DBL_MIN) || !(beta < b_max)) return {PricingStatus::no_information, 0.0, 0.0, 0.0};
  return {PricingStatus::ok, beta, x_otm, b_max};
}

VolatilityResult solve_undiscounted(Side side, double q, double forward, double strike,
                                    double fk_diff, double x, double sqrt_fk) {
  const Normalised n = normalise(side, q, forward, strike, fk_diff, x, sqrt_fk);
  if (n.status != PricingStatus::ok) return failure(n.status);
  return {PricingStatus::ok, detail::implied_s_otm_call(n.beta, n.x, n.b_max)};
}

// sigma = s / sqrt(T), as s times 1/sqrt(T): the caller computes that factor before solving, so
// that its square root and division run alongside the solver instead of after it (one rounding
// more, half an ulp).
[[gnu::always_inline]] inline VolatilityResult to_sigma(VolatilityResult s, double inv_sqrt_years) {
  if (s.status != PricingStatus::ok) return s;
  const double sigma = s.sigma * inv_sqrt_years;
  if (!(sigma > 0.0) || !std::isfinite(sigma)) return failure(PricingStatus::no_information);
  return {PricingStatus::ok, sigma};
}

}  // namespace

namespace detail {

double implied_s_otm_call(double beta, double x, int* iterations) noexcept {
  return implied_s_otm_call(beta, x, detail::inline_exp(0.5 * x), iterations);
}

namespace {
[[gnu::always_inline]] inline double s_from_guess_counted(const TableGuess& guess, double beta,
                                                          double x, double b_max, int* iterations) {
  if (guess.s > 0.0) {
    const double step = step_from_guess(guess, beta, x, b_max);
    if (std::fabs(step) <= kTableGuessStep * guess.s) {
      if (iterations != nullptr) *iterations = 1;
      return guess.s + step;
    }
  }
  return implied_s_otm_call_bracketed(beta, x, b_max, iterations);
}
}  // namespace

double implied_s_otm_call(double beta, double x, double b_max, int* iterations) noexcept {
  return s_from_guess_counted(tabulated_s_guess(beta, x, b_max), beta, x, b_max, iterations);
}

double s_from_guess(const TableGuess& guess, double beta, double x, double b_max) noexcept {
  return s_from_guess_counted(guess, beta, x, b_max, nullptr);
}

double implied_s_otm_call_bracketed(double beta, double x, double b_max, int* iterations) noexcept {
  const double ax = -x;
  // Inflexion point of b(s): s_c = sqrt(2|x|), with b'(s_c) = exp(x/2)/sqrt(2 pi).
  const double s_c = std::sqrt(2.0 * ax);
  const double v_c = kInvSqrt2Pi * b_max;
  const double b_c = s_c > 0.0 ? inflexion_price(ax, b_max) : 0.0;

  Zone zone = Zone::middle;
  double s = 0.0;
  double s_left = 0.0;
  double s_right = std::numeric_limits<double>::infinity();
  if (beta < b_c) {
    // Tangent at the inflexion point meets b = 0 at s_l.
    const double s_l = s_c - b_c / v_c;
    const OtmValue at_l = s_l > 0.0 ? otm_call(x, s_l, b_max) : OtmValue{0.0, 0.0};
    if (s_l > 0.0 && beta < at_l.price) {
      // Lowest zone: interpolate f(b) on [0, b_l] with f(0) = 0, f'(0) = 1, and invert f.
      zone = Zone::lowest;
      s_right = s_l;
      const LowerMap map = lower_map(ax, s_l);
      const double d_r = map.df_ds / at_l.vega;
      const double second =
          (map.d2f_ds2 - map.df_ds * second_ratio(x, s_l)) / (at_l.vega * at_l.vega);
      const double h = at_l.price;
      const double r = rational_cubic_control(h, 0.0, map.f, 1.0, d_r, second, true);
      const double f = rational_cubic(beta / h, (h - beta) / h, h, 0.0, map.f, 1.0, d_r, r);
      s = f > 0.0 ? inverse_lower_map(ax, f < map.f ? f : map.f) : 0.5 * s_l;
    } else if (s_l > 0.0) {
      // Lower middle zone: interpolate s(b) on [b_l, b_c]; s'' = 0 at the inflexion point.
      s_left = s_l;
      s_right = s_c;
      const double h = b_c - at_l.price;
      const double d_l = 1.0 / at_l.vega;
      const double d_r = 1.0 / v_c;
      const double r = rational_cubic_control(h, s_l, s_c, d_l, d_r, 0.0, true);
      s = rational_cubic((beta - at_l.price) / h, (b_c - beta) / h, h, s_l, s_c, d_l, d_r, r);
    } else {
      // |x| so small that s_l is lost to rounding: start from the at-the-money slope.
      s_right = s_c;
      s = kSqrt2Pi * beta;
    }
  } else {
    // Tangent at the inflexion point meets b = b_max at s_u.
    const double s_u = s_c + (b_max - b_c) / v_c;
    const OtmValue at_u = otm_call(x, s_u, b_max);
    if (beta <= at_u.price) {
      // Upper middle zone: interpolate s(b) on [b_c, b_u]; s'' = 0 at the inflexion point.
      s_left = s_c;
      s_right = s_u;
      const double h = at_u.price - b_c;
      const double d_l = 1.0 / v_c;
      const double d_r = 1.0 / at_u.vega;
      const double r = rational_cubic_control(h, s_c, s_u, d_l, d_r, 0.0, false);
      s = rational_cubic((beta - b_c) / h, (at_u.price - beta) / h, h, s_c, s_u, d_l, d_r, r);
    } else {
      // Upper zone: interpolate f(b) = Phi(-s/2) on [b_u, b_max] with f(b_max) = 0,
      // f'(b_max) = -1/2, and invert f.
      zone = Zone::upper;
      s_left = s_u;
      const detail::NormalPair n = detail::norm_cdf_and_pdf(-0.5 * s_u);
      const double f_u = n.cdf;
      const double df_ds = -0.5 * n.pdf;
      const double d2f_ds2 = 0.125 * s_u * n.pdf;
      const double d_l = df_ds / at_u.vega;
      const double second = (d2f_ds2 - df_ds * second_ratio(x, s_u)) / (at_u.vega * at_u.vega);
      const double h = b_max - at_u.price;
      const double r = rational_cubic_control(h, f_u, 0.0, d_l, -0.5, second, false);
      const double f =
          rational_cubic((beta - at_u.price) / h, (b_max - beta) / h, h, f_u, 0.0, d_l, -0.5, r);
      const double p = f < f_u ? f : f_u;
      s = p > 0.0 ? -2.0 * detail::inverse_norm_cdf_lower_tail_guess(p) : 2.0 * s_u;
    }
  }
  // A guess outside its zone (the rational approximations are not exact near the zone edges)
  // starts from the edge instead.
  if (!(s >= s_left)) s = s_left > 0.0 ? s_left : 0.5 * s_right;
  if (!(s <= s_right)) s = s_right;
  // The zone edges bracket the solution only as far as b_c is exact (it carries up to ~20 ulps
  // near the money, see inflexion_value): widen them so that a beta within that error of b_c is
  // never clamped away from its solution. Evaluations below tighten the bracket exactly.
  s_left *= 1.0 - kBracketMargin;
  s_right *= 1.0 + kBracketMargin;

  // Householder steps (see householder_step) until converged.
  const double log_beta = zone == Zone::lowest ? detail::inline_log(beta) : 0.0;
  const double log_gap = zone == Zone::upper ? detail::inline_log(b_max - beta) : 0.0;
  const Objective objective = zone == Zone::lowest
                                  ? Objective::inverse_log_price
                                  : (zone == Zone::upper ? Objective::log_gap : Objective::price);
  int done = 0;
  for (; done < kMaxIterations;) {
    const HouseholderStep next_step =
        householder_step(objective, beta, x, s, b_max, log_beta, log_gap);
    if (!next_step.valid) break;
    const bool below = next_step.below;
    const double step = next_step.step;
    if (below) {
      if (s > s_left) s_left = s;
    } else if (s < s_right) {
      s_right = s;
    }
    double next = s + step;
    if (!(next >= s_left && next <= s_right)) {
      next = std::isfinite(s_right) ? 0.5 * (s_left + s_right) : 2.0 * s;
    }
    const double moved = std::fabs(next - s);
    s = next;
    ++done;
    if (done >= kIterations && !(moved > kConvergedStep * s)) break;
  }
  if (iterations != nullptr) *iterations = done;
  return s;
}

}  // namespace detail

VolatilityResult normalised_implied_volatility(double beta, double x, Side side) noexcept {
  if (!std::isfinite(beta) || !std::isfinite(x) || beta < 0.0) {
    return failure(PricingStatus::invalid_input);
  }
  const double half = 0.5 * x;
  // In normalised units F = exp(x/2), K = exp(-x/2), F - K = 2 sinh(x/2) and sqrt(F K) = 1.
  const double forward = detail::inline_exp(half);
  const double strike = detail::inline_exp(-half);
  if (!std::isfinite(forward) || !std::isfinite(strike)) {
    return failure(PricingStatus::invalid_input);
  }
  return solve_undiscounted(side, beta, forward, strike, 2.0 * std::sinh(half), x, 1.0);
}

namespace detail {

namespace {
// The setup from forward terms already validated by the caller, `q` the undiscounted premium.
[[gnu::always_inline]] inline SolveSetup setup_from_terms(Side side, double q, double strike,
                                                          const ForwardTerms& terms,
                                                          double inv_sqrt_years) {
  SolveSetup setup{{failure(PricingStatus::invalid_input), terms}, 0.0, 0.0, 0.0, inv_sqrt_years};
  if (!terms.valid || !std::isfinite(q)) return setup;
  const Normalised n = normalise(side, q, terms.forward, strike, terms.forward_minus_strike,
                                 terms.log_moneyness, terms.sqrt_fk);
  setup.out.result = failure(n.status);
  setup.beta = n.beta;
  setup.x = n.x;
  setup.b_max = n.b_max;
  return setup;
}

SolveSetup invalid_setup(PricingStatus status) {
  SolveSetup setup{{failure(status), {}}, 0.0, 0.0, 0.0, 0.0};
  setup.out.terms.valid = false;
  return setup;
}

// The stages of the public functions, inline so that the single solve below runs them without
// handing its values through memory.
[[gnu::always_inline]] inline SolveSetup setup_black76(Side side, double premium, double forward,
                                                       double strike, double years,
                                                       double discount) {
  if (!std::isfinite(premium) || !std::isfinite(forward) || !std::isfinite(strike) ||
      !std::isfinite(discount) || std::isnan(years) || (std::isinf(years) && years > 0.0) ||
      premium < 0.0 || !(forward > 0.0) || !(strike > 0.0) || !(discount > 0.0)) {
    return invalid_setup(PricingStatus::invalid_input);
  }
  if (years <= 0.0) return invalid_setup(PricingStatus::expired);
  return setup_from_terms(side, premium / discount, strike,
                          forward_terms(forward, strike, discount), 1.0 / std::sqrt(years));
}

// `forward_terms_of()` gives spot_forward_terms of the validated inputs.
template <class ForwardTermsOf>
[[gnu::always_inline]] inline SolveSetup setup_black_scholes(Side side, double premium, double spot,
                                                             double strike, double years,
                                                             double rate, double dividend_yield,
                                                             ForwardTermsOf forward_terms_of) {
  if (!std::isfinite(premium) || !std::isfinite(spot) || !std::isfinite(strike) ||
      !std::isfinite(rate) || !std::isfinite(dividend_yield) || std::isnan(years) ||
      (std::isinf(years) && years > 0.0) || premium < 0.0 || !(spot > 0.0) || !(strike > 0.0)) {
    return invalid_setup(PricingStatus::invalid_input);
  }
  if (years <= 0.0) return invalid_setup(PricingStatus::expired);
  const double inv_sqrt_years = 1.0 / std::sqrt(years);
  const ForwardTerms terms = forward_terms_of();
  return setup_from_terms(side, premium / terms.discount, strike, terms, inv_sqrt_years);
}

[[gnu::always_inline]] inline VolatilityWithTerms solved_inline(const SolveSetup& setup, double s) {
  return {to_sigma({PricingStatus::ok, s}, setup.inv_sqrt_years), setup.out.terms};
}

[[gnu::always_inline]] inline VolatilityWithTerms solve(const SolveSetup& setup) {
  if (setup.out.result.status != PricingStatus::ok) return setup.out;
  return solved_inline(setup, implied_s_otm_call(setup.beta, setup.x, setup.b_max));
}
}  // namespace

SolveSetup solve_setup_black76(Side side, double premium, double forward, double strike,
                               double years, double discount) noexcept {
  return setup_black76(side, premium, forward, strike, years, discount);
}

SolveSetup solve_setup_black_scholes(Side side, double premium, double spot, double strike,
                                     const CarryGrowth& growth) noexcept {
  return setup_black_scholes(side, premium, spot, strike, growth.years, growth.rate,
                             growth.dividend_yield,
                             [&] { return spot_forward_terms(spot, strike, growth); });
}

VolatilityWithTerms solved(const SolveSetup& setup, double s) noexcept {
  return solved_inline(setup, s);
}

VolatilityWithTerms implied_volatility_black76_terms(Side side, double premium, double forward,
                                                     double strike, double years,
                                                     double discount) noexcept {
  return solve(setup_black76(side, premium, forward, strike, years, discount));
}

VolatilityWithTerms implied_volatility_black_scholes_terms(Side side, double premium, double spot,
                                                           double strike, double years, double rate,
                                                           double dividend_yield) noexcept {
  return solve(setup_black_scholes(side, premium, spot, strike, years, rate, dividend_yield, [&] {
    return spot_forward_terms(spot, strike, years, rate, dividend_yield);
  }));
}

}  // namespace detail

VolatilityResult implied_volatility_black76(Side side, double premium, double forward,
                                            double strike, double years, double discount) noexcept {
  return detail::implied_volatility_black76_terms(side, premium, forward, strike, years, discount)
      .result;
}

VolatilityResult implied_volatility_black_scholes(Side side, double premium, double spot,
                                                  double strike, double years, double rate,
                                                  double dividend_yield) noexcept {
  return detail::implied_volatility_black_scholes_terms(side, premium, spot, strike, years, rate,
                                                        dividend_yield)
      .result;
}

}  // namespace strikeline::pricing
