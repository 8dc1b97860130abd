// Standard normal density and distribution function and the scaled complementary error function
// erfcx(u) = exp(u^2) erfc(u), in double precision with a relative error of a few units in the last
// place over the whole range, tails included: no cancellation, no premature underflow or overflow.
// Pure, allocation-free, noexcept building blocks: a NaN argument gives NaN (callers validate).
#pragma once

namespace strikeline::pricing {

// exp(u^2) erfc(u). Finite for u > -26.6; +inf below. erfcx(+inf) = 0.
double erfcx(double u) noexcept;

// Standard normal density exp(-z^2/2)/sqrt(2 pi), accurate also where z^2 is not exact in double.
double norm_pdf(double z) noexcept;

// Standard normal distribution function Phi(z), relatively accurate in the lower tail down to the
// underflow threshold (z ~ -38.5).
double norm_cdf(double z) noexcept;

// Inverse of norm_cdf on (0, 1), to a relative error of a few units in the last place; -inf at 0,
// +inf at 1, NaN outside [0, 1].
double inverse_norm_cdf(double p) noexcept;

namespace detail {
// exp(-u^2/2) with the rounding error of u*u compensated (fma), so that the relative error does not
// grow like u^2 ulps (erfcx_kernel.h has exp(u^2) likewise).
double exp_minus_half_square(double u) noexcept;
// Inverse of Phi on (0, 1/2] to an absolute error below 4.5e-4 (Abramowitz & Stegun 26.2.23): a
// cheap starting value for iterations that refine it anyway.
double inverse_norm_cdf_lower_tail_guess(double p) noexcept;
// The same from ln(p) (p = exp(log_p) <= 1/2), for callers that have the logarithm at hand.
double inverse_norm_cdf_lower_tail_guess_from_log(double log_p) noexcept;
// inverse_norm_cdf with `steps` Halley steps from that guess: one leaves an error below 3e-10
// (relative for |z| > 1, absolute below; enough for an initial guess), two the full precision.
double inverse_norm_cdf_halley(double p, int steps) noexcept;
// Phi(z) and phi(z) sharing one exponential.
struct NormalPair {
  double cdf;
  double pdf;
};
NormalPair norm_cdf_and_pdf(double z) noexcept;
}  // namespace detail

}  // namespace strikeline::pricing
