#include "pricing/greeks.h"

#include <cmath>
#include <limits>

#include "pricing/erfcx_kernel.h"
#include "pricing/forward.h"
#include "pricing/inline_log_exp.h"
#include "pricing/normal_distribution.h"
#include "pricing/normalised_black.h"

namespace strikeline::pricing {
namespace {

struct Model {
  Side side;
  double underlying;  // F for Black-76, S for Black-Scholes
  double strike;
  detail::ForwardTerms terms;
  double sigma;
  double years;
  double rate;
  double dividend_yield;  // 0 for Black-76
  bool spot_model;
};

constexpr double kComputeValue = std::numeric_limits<double>::quiet_NaN();

GreeksResult invalid() {
  return {PricingStatus::invalid_input, {}, 0.0};
}

constexpr double kSqrt2Pi = 2.5066282746310005024;  // sqrt(2 pi)

// `known_value`: the option value at sigma when the caller has it (the façade: the premium the
// implied sigma reproduces to a few ulps), NaN to compute it here.
GreeksResult evaluate(const Model& m, double known_value) {
  const double theta_sign = m.side == Side::call ? 1.0 : -1.0;
  const double sqrt_t = std::sqrt(m.years);
  const double s = m.sigma * sqrt_t;
  const double discount = m.terms.discount;
  const double sqrt_fk = m.terms.sqrt_fk;
  if (!m.terms.valid || !(s > 0.0) || !std::isfinite(s) || !(discount > 0.0) ||
      !std::isfinite(discount)) {
    return invalid();
  }
  const double x = m.terms.log_moneyness;
  const double inv_s = 1.0 / s;
  const double h = x * inv_s;
  // P = db/ds = exp(-(h^2 + s^2/4)/2)/sqrt(2 pi), h = x/s; phi(d1) F = phi(d2) K = sqrt(F K) P.
  double value = known_value;
  double p = 0.0;
  if (std::isnan(known_value)) {
    const double signed_intrinsic = theta_sign * m.terms.forward_minus_strike;
    const double intrinsic = signed_intrinsic > 0.0 ? signed_intrinsic : 0.0;
    const detail::OtmValue otm = detail::otm_call(-std::fabs(x), s);
    value = discount * (intrinsic + sqrt_fk * otm.price);
    p = otm.vega;
  } else {
    p = detail::vega_factor(x, s, inv_s, h);
  }

  // d1 = x/s + s/2, d2 = x/s - s/2. Since d1^2 = h^2 + s^2/4 + x and d2^2 = h^2 + s^2/4 - x,
  // exp(-d1^2/2) = sqrt(2 pi) P exp(-x/2) and exp(-d2^2/2) = sqrt(2 pi) P exp(x/2): one
  // exponential serves both distribution values (while exp(|x|/2) cannot overflow).
  // exp(x/2) = sqrt(F/K) = F / sqrt(F K), a division rather than an exponential. Black-76 needs
  // Phi(theta d2) nowhere (its theta and rho come from the value).
  const double d1 = h + 0.5 * s;
  const double d2 = h - 0.5 * s;
  double cdf_d1 = 0.0;  // Phi(theta d1)
  double cdf_d2 = 0.0;  // Phi(theta d2), spot model only
  if (std::fabs(x) < 600.0) {
    const double half_decay = sqrt_fk / m.terms.forward;  // exp(-x/2), computed alongside
    const double scaled = kSqrt2Pi * p;
    cdf_d1 = detail::norm_cdf_from_density(theta_sign * d1, scaled * half_decay);
    if (m.spot_model) {
      cdf_d2 = detail::norm_cdf_from_density(theta_sign * d2, scaled * (m.terms.forward / sqrt_fk));
    }
  } else {
    cdf_d1 = norm_cdf(theta_sign * d1);
    if (m.spot_model) cdf_d2 = norm_cdf(theta_sign * d2);
  }
  const double density_term = discount * sqrt_fk * p;  // D F phi(d1)
  // Undiscounted-by-carry factor e^{-qT} = D F / S for the spot model, D for Black-76.
  const double carry_discount = m.spot_model ? discount * m.terms.forward / m.underlying : discount;

  Greeks g;
  g.delta = theta_sign * carry_discount * cdf_d1;
  // The divisions by the inputs alone (1/U^2, 1/(2T)) do not wait for P.
  const double inv_underlying_squared = 1.0 / (m.underlying * m.underlying);
  const double half_inv_years = 0.5 / m.years;
  g.gamma = density_term * inv_s * inv_underlying_squared;
  const double vega = density_term * sqrt_t;
  const double decay = -density_term * s * half_inv_years;  // -D F phi(d1) sigma / (2 sqrt T)
  double theta = 0.0;
  double rho = 0.0;
  if (m.spot_model) {
    theta = decay - theta_sign * m.rate * m.strike * discount * cdf_d2 +
            theta_sign * m.dividend_yield * m.underlying * carry_discount * cdf_d1;
    rho = theta_sign * m.strike * m.years * discount * cdf_d2;
  } else {
    theta = decay + m.rate * value;
    rho = -m.years * value;
  }
  g.theta = theta / kDaysPerYear;
  g.vega = vega * 0.01;
  g.rho = rho * 0.01;
  if (!std::isfinite(g.delta) || !std::isfinite(g.gamma) || !std::isfinite(g.theta) ||
      !std::isfinite(g.vega) || !std::isfinite(g.rho) || !std::isfinite(value)) {
    return invalid();
  }
  return {PricingStatus::ok, g, value};
}

bool common_inputs_bad(double underlying, double strike, double sigma, double years, double rate) {
  return !std::isfinite(underlying) || !std::isfinite(strike) || !std::isfinite(sigma) ||
         !std::isfinite(rate) || std::isnan(years) || (std::isinf(years) && years > 0.0) ||
         !(underlying > 0.0) || !(strike > 0.0) || !(sigma > 0.0);
}

// Gamma from forward terms (spot model): D F phi(d1) / (S^2 sigma sqrt(T)) = D sqrt(F K) P / (S^2
// s), as evaluate() computes it.
GammaResult gamma_of(double spot, const detail::ForwardTerms& terms, double sigma, double years) {
  const double s = sigma * std::sqrt(years);
  if (!terms.valid || !(s > 0.0) || !std::isfinite(s) || !(terms.discount > 0.0) ||
      !std::isfinite(terms.discount)) {
    return {PricingStatus::invalid_input, 0.0};
  }
  const double x = terms.log_moneyness;
  const double inv_s = 1.0 / s;
  const double p = detail::vega_factor(x, s, inv_s, x * inv_s);
  const double gamma = terms.discount * terms.sqrt_fk * p * inv_s * (1.0 / (spot * spot));
  if (!std::isfinite(gamma)) return {PricingStatus::invalid_input, 0.0};
  return {PricingStatus::ok, gamma};
}

}  // namespace

GreeksResult black76_greeks(Side side, double forward, double strike, double sigma, double years,
                            double rate) noexcept {
  if (common_inputs_bad(forward, strike, sigma, years, rate)) return invalid();
  if (years <= 0.0) return {PricingStatus::expired, {}, 0.0};
  return evaluate({side, forward, strike,
                   detail::forward_terms(forward, strike, detail::inline_exp(-rate * years)), sigma,
                   years, rate, 0.0, false},
                  kComputeValue);
}

GreeksResult black_scholes_greeks(Side side, double spot, double strike, double sigma, double years,
                                  double rate, double dividend_yield) noexcept {
  if (common_inputs_bad(spot, strike, sigma, years, rate) || !std::isfinite(dividend_yield)) {
    return invalid();
  }
  if (years <= 0.0) return {PricingStatus::expired, {}, 0.0};
  return evaluate(
      {side, spot, strike, detail::spot_forward_terms(spot, strike, years, rate, dividend_yield),
       sigma, years, rate, dividend_yield, true},
      kComputeValue);
}

GammaResult black_scholes_gamma(double spot, double strike, double sigma, double years, double rate,
                                double dividend_yield) noexcept {
  if (common_inputs_bad(spot, strike, sigma, years, rate) || !std::isfinite(dividend_yield)) {
    return {PricingStatus::invalid_input, 0.0};
  }
  if (years <= 0.0) return {PricingStatus::expired, 0.0};
  return gamma_of(spot, detail::spot_forward_terms(spot, strike, years, rate, dividend_yield),
                  sigma, years);
}

namespace detail {

GammaResult black_scholes_gamma(double spot, double strike, double sigma,
                                const CarryGrowth& g) noexcept {
  if (common_inputs_bad(spot, strike, sigma, g.years, g.rate) || !std::isfinite(g.dividend_yield)) {
    return {PricingStatus::invalid_input, 0.0};
  }
  if (g.years <= 0.0) return {PricingStatus::expired, 0.0};
  return gamma_of(spot, spot_forward_terms(spot, strike, g), sigma, g.years);
}

GreeksResult greeks_from_terms(Side side, double underlying, double strike,
                               const ForwardTerms& terms, double sigma, double years, double rate,
                               double dividend_yield, bool spot_model, double value) noexcept {
  return evaluate({side, underlying, strike, terms, sigma, years, rate,
                   spot_model ? dividend_yield : 0.0, spot_model},
                  value);
}

}  // namespace detail
}  // namespace strikeline::pricing
