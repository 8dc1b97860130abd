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
// (about 33,000 solves, ~15 ms); the tables are immutable afterwards and safe to share.
// Domain: 1e-6 <= |x| <= 4 and beta inside the tables (down to ~1e-300 below b_c, up to a gap of
// ~1e-14 b_max above). Outside it the guess is 0 and the caller solves by bracketing.
#pragma once

namespace strikeline::pricing::detail {

// `ax` = -x > 0, `b_max` = exp(x/2), `b_c` and `s_c` = sqrt(2 ax) the inflexion point.
// Returns 0 outside the domain.
double tabulated_s_guess(double beta, double ax, double b_max, double b_c, double s_c) noexcept;

}  // namespace strikeline::pricing::detail
