// The dealers' gamma exposure of one expiry's open options as a function of the underlying's level,
// and the zero-gamma level where it changes sign (API.md GET /fo/exposures).
//
// At a level L, each option's gamma is recomputed there (pricing::black_scholes_gamma: the same IV,
// the same time to expiry, rate and dividend yield q, so the forward L e^((r-q)T) scales with the
// level; an expiry priced on a forward F takes q = r - ln(F/S)/T, so that F' = F L/S) and
//   GEX(L) = sum over options of sign * gamma(L) * OI (units) * L^2 * 0.01,
// rupees per 1 % move of the underlying, sign +1 for a call and -1 for a put (the usual convention
// that dealers are long the calls and short the puts open). At the spot it is the total of the
// exposures' by-strike GEX.
//
// The zero-gamma level: the grid L = spot (1 + k h), h = kZeroGammaStep, |k h| <= kZeroGammaSpan,
// is walked outward from the spot, both ways in step; the first grid interval whose ends have
// opposite signs (or an end at exactly 0) brackets a root, found by Brent's method (brent_root.h)
// to kZeroGammaTolerance of the spot. When both sides bracket one at the same step, the root
// nearer the spot wins (ties: the lower). None within the span: nullopt. Sign changes closer
// together than one grid step can be missed (a pair of them cancels out in the signs).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "pricing/greeks.h"

namespace strikeline {

inline constexpr double kZeroGammaSpan = 0.10;        // +-10 % of the spot
inline constexpr double kZeroGammaStep = 0.005;       // the grid: 0.5 % of the spot
inline constexpr double kZeroGammaTolerance = 1e-10;  // of the spot

struct ExposureOption {
  double strike;
  double sigma;      // IV as a fraction (15 % -> 0.15)
  double signed_oi;  // units; positive for a call, negative for a put
};

class GammaCurve {
 public:
  // years > 0; every option's strike and sigma positive; rate and dividend_yield finite.
  GammaCurve(std::vector<ExposureOption> options, double years, double rate,
             double dividend_yield = 0.0);

  // GEX at underlying level `level` (> 0), rupees per 1 % move.
  double total_gex(double level) const;
  std::size_t options() const { return options_.size(); }

 private:
  std::vector<ExposureOption> options_;
  pricing::detail::CarryGrowth growth_;
};

struct ZeroGamma {
  double level;
  double low, high;  // the grid interval that bracketed it (low < high)
  int evaluations;   // of total_gex, grid and root together
};

// The zero-gamma level nearest `spot` (> 0) as above.
std::optional<ZeroGamma> zero_gamma_level(const GammaCurve& curve, double spot);

}  // namespace strikeline
