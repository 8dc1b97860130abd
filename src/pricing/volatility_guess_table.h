// Initial guess of the normalised implied volatility from tables: s with b(x, s) = beta for the
// out-of-the-money call (x < 0), to a relative error of a few 1e-5 over the tables' domain, which
// one Householder step then takes to full precision (see implied_volatility.cpp).
//
// Two tables of ln s, split at the inflexion point (s_c, b_c) of b(s), on a uniform grid of
// 128 x 128 cells with a ghost node on every side, read by bicubic (Catmull-Rom) interpolation:
//   below b_c: over (ln|x|, ln(1 + ln(b_c/beta))), the value ln(s/s_c);
//   above b_c: over (ln|x|, ln(kappa/s_c)) with kappa = ln((b_max - b_c)/(b_max - beta)), the
//              value ln s.
// Both coordinates follow the asymptotics of b (ln b ~ -x^2/(2 s^2) for small s, the gap to
// b_max ~ exp(-s^2/8) for large s, b ~ s near the money), so ln s is smooth in them all the way
// into the tails and to |x| -> 0. The nodes are solved once, at first use, by the bracketed solver
// (about 33,000 solves, ~15 ms) into 275 KB of static storage (no heap); the tables are immutable
// afterwards and safe to share.
// Domain: 1e-6 <= |x| <= 4 and beta inside the tables (down to ~1e-300 below b_c, up to a gap of
// ~1e-14 b_max above). Closer to the money, |x| < 1e-6, the at-the-money closed form
// s = -2 Phi^-1((b_max - beta)/2) is the guess. Elsewhere the guess is 0 and the caller
// solves by bracketing.
#pragma once

namespace strikeline::pricing::detail {

// Which part of b(s) the guess lies in, by the tangents at the inflexion point: below s_l
// (where the tangent meets 0), above s_u (where it meets b_max), or between.
enum class GuessZone { lowest, middle, upper };

struct TableGuess {
  double s;         // the guess, 0 outside the domain
  GuessZone zone;   // the zone of s
  double log_beta;  // ln(beta), computed on the way
  double log_gap;   // ln(b_max - beta), computed on the way when beta > b_c (else 0)
};

// `x` < 0, `b_max` = exp(x/2), 0 < beta < b_max.
TableGuess tabulated_s_guess(double beta, double x, double b_max) noexcept;

}  // namespace strikeline::pricing::detail
