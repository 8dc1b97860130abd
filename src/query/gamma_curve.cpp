#include "query/gamma_curve.h"

#include <cassert>
#include <cmath>

#include "query/brent_root.h"

namespace strikeline {

GammaCurve::GammaCurve(std::vector<ExposureOption> options, double years, double rate,
                       double dividend_yield)
    : options_(std::move(options)),
      growth_(pricing::detail::carry_growth(years, rate, dividend_yield)) {
  assert(years > 0 && std::isfinite(rate) && std::isfinite(dividend_yield));
  for ([[maybe_unused]] const ExposureOption& o : options_) assert(o.strike > 0 && o.sigma > 0);
}

double GammaCurve::total_gex(double level) const {
  assert(level > 0);
  double sum = 0;
  for (const ExposureOption& o : options_) {
    const pricing::GammaResult g =
        pricing::detail::black_scholes_gamma(level, o.strike, o.sigma, growth_);
    if (g.status == pricing::PricingStatus::ok) sum += o.signed_oi * g.gamma;
  }
  return sum * level * level * 0.01;
}

namespace {

bool brackets(double f_low, double f_high) {
  return (f_low < 0 && f_high >= 0) || (f_low > 0 && f_high <= 0) || f_low == 0;
}

}  // namespace

std::optional<ZeroGamma> zero_gamma_level(const GammaCurve& curve, double spot) {
  assert(spot > 0);
  const int steps = static_cast<int>(std::lround(kZeroGammaSpan / kZeroGammaStep));
  const auto gex = [&](double level) { return curve.total_gex(level); };
  const double tolerance = kZeroGammaTolerance * spot;
  int evaluations = 1;
  const double at_spot = gex(spot);
  if (at_spot == 0) return ZeroGamma{spot, spot, spot, evaluations};

  double up_level = spot, up_value = at_spot;      // the grid's last level above the spot
  double down_level = spot, down_value = at_spot;  // and below
  for (int k = 1; k <= steps; ++k) {
    const double next_up = spot * (1 + k * kZeroGammaStep);
    const double next_down = spot * (1 - k * kZeroGammaStep);
    const double f_up = gex(next_up);
    const double f_down = gex(next_down);
    evaluations += 2;
    std::optional<ZeroGamma> above, below;
    if (brackets(up_value, f_up)) {
      const BracketedRoot r = brent_root(gex, up_level, next_up, up_value, f_up, tolerance);
      evaluations += r.evaluations;
      above = ZeroGamma{r.root, up_level, next_up, 0};
    }
    if (brackets(down_value, f_down)) {
      const BracketedRoot r = brent_root(gex, next_down, down_level, f_down, down_value, tolerance);
      evaluations += r.evaluations;
      below = ZeroGamma{r.root, next_down, down_level, 0};
    }
    if (above || below) {
      ZeroGamma found = !above                                                             ? *below
                        : !below                                                           ? *above
                        : std::fabs(below->level - spot) <= std::fabs(above->level - spot) ? *below
                                                                                           : *above;
      found.evaluations = evaluations;
      return found;
    }
    up_level = next_up;
    up_value = f_up;
    down_level = next_down;
    down_value = f_down;
  }
  return std::nullopt;
}

}  // namespace strikeline
