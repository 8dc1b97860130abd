// Implied volatility of European options under Black-76 (forward, discount factor) and
// Black-Scholes (spot, rate, continuous dividend yield): the normalised Black function evaluated
// accurately in every regime, an initial guess from tables (volatility_guess_table.h, a few 1e-5)
// and one third-order step; outside the tables' domain, P. Jaeckel's "Let's Be Rational" scheme
// (rational guesses in four zones, Householder steps in a bracket). Both reach the attainable
// double precision: the returned volatility reproduces the premium to within a few units in its
// last place, or to a relative volatility error of a few 1e-16 where the premium is very sensitive
// to it. Pure, allocation-free, noexcept. Failure is a PricingStatus, never NaN; with status ok
// `sigma` is finite and positive, otherwise it is 0.
//
// Status rules, in this order: invalid_input (a non-finite input other than years = -inf, a
// negative premium, a non-positive forward/spot, strike or discount), expired (years <= 0),
// above_maximum (undiscounted premium >= forward for a call, >= strike for a put),
// below_intrinsic (premium below intrinsic by more than its noise, 32 eps times the premium, i.e.
// 32 to 64 units in its last place), no_information (premium within that noise of intrinsic or of
// the maximum, or a normalised time value below DBL_MIN: the time value is then indistinguishable
// from rounding and does not determine a volatility).
#pragma once

#include "core/side.h"
#include "pricing/forward.h"
#include "pricing/pricing_status.h"

namespace strikeline::pricing {

struct [[nodiscard]] VolatilityResult {
  PricingStatus status;
  double
      sigma;  // annualised volatility (a fraction: 0.2 is 20 %); s = sigma sqrt(T) when normalised
};

// Volatility from a Black-76 premium: premium = discount * Black(forward, strike, sigma, years).
VolatilityResult implied_volatility_black76(Side side, double premium, double forward,
                                            double strike, double years,
                                            double discount = 1.0) noexcept;

// Volatility from a Black-Scholes premium with continuously compounded rate and dividend yield.
VolatilityResult implied_volatility_black_scholes(Side side, double premium, double spot,
                                                  double strike, double years, double rate,
                                                  double dividend_yield = 0.0) noexcept;

// Normalised problem: s = sigma sqrt(T) with normalised_black(x, s, side) = beta (returned in the
// `sigma` field), x = ln(F/K), beta = undiscounted premium / sqrt(F K).
VolatilityResult normalised_implied_volatility(double beta, double x, Side side) noexcept;

namespace detail {
// The public solvers above, also handing back the forward terms they computed (valid only when the
// status is ok), so that a caller that needs more than sigma (the façade's Greeks) does not
// recompute them. Same validation, status rules and sigma as the public functions.
struct [[nodiscard]] VolatilityWithTerms {
  VolatilityResult result;
  ForwardTerms terms;
};
VolatilityWithTerms implied_volatility_black76_terms(Side side, double premium, double forward,
                                                     double strike, double years,
                                                     double discount) noexcept;
VolatilityWithTerms implied_volatility_black_scholes_terms(Side side, double premium, double spot,
                                                           double strike, double years, double rate,
                                                           double dividend_yield) noexcept;

// The same solve in stages, for callers that interleave the stages of several options so that
// their dependency chains overlap (analyse_options, option_analytics.h): `solve_setup_*`
// validates, forms the forward terms and the normalised problem; tabulated_s_guess
// (volatility_guess_table.h) guesses; `s_from_guess` refines (or brackets); `solved` turns s into
// the result. For every input the stages give exactly what the functions above give.
struct SolveSetup {
  VolatilityWithTerms out;  // out.result.status: ok when the stages below are still to run
  double beta;              // normalised time value of the out-of-the-money call
  double x;                 // -|ln(F/K)|
  double b_max;             // exp(x/2)
  double inv_sqrt_years;    // 1/sqrt(T)
};
SolveSetup solve_setup_black76(Side side, double premium, double forward, double strike,
                               double years, double discount) noexcept;
// Black-Scholes with the expiry's growth = carry_growth(years, rate, dividend_yield) (forward.h),
// which options of one expiry can share.
SolveSetup solve_setup_black_scholes(Side side, double premium, double spot, double strike,
                                     const CarryGrowth& growth) noexcept;
struct TableGuess;
double s_from_guess(const TableGuess& guess, double beta, double x, double b_max) noexcept;
VolatilityWithTerms solved(const SolveSetup& setup, double s) noexcept;

// The solver proper: s with b(x, s) = beta for the out-of-the-money call, x <= 0,
// DBL_MIN <= beta < exp(x/2). `iterations` (optional) receives the number of Householder steps.
double implied_s_otm_call(double beta, double x, int* iterations = nullptr) noexcept;
// The same with b_max = exp(x/2) supplied by the caller. Within the domain of the guess tables
// (volatility_guess_table.h) one Householder step from the tabulated guess; elsewhere, or when that
// step is not small, the bracketed solver below.
double implied_s_otm_call(double beta, double x, double b_max, int* iterations = nullptr) noexcept;
// Jaeckel's scheme for every input: a rational-cubic initial guess per zone of b(s) (one price
// evaluation at the zone edge), then Householder steps inside a bracket that each evaluation
// tightens (two, more only if the second was not yet small).
double implied_s_otm_call_bracketed(double beta, double x, double b_max,
                                    int* iterations = nullptr) noexcept;
}  // namespace detail

}  // namespace strikeline::pricing
