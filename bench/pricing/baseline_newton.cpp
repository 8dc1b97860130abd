#include "baseline_newton.h"

#include <cmath>

namespace strikeline::bench {
namespace {

double cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}
double pdf(double z) {
  return std::exp(-0.5 * z * z) / 2.5066282746310002;
}

}  // namespace

double baseline_implied_volatility(Side side, double premium, double forward, double strike,
                                   double years, double discount, int* iterations) {
  const double sqrt_t = std::sqrt(years);
  const double log_moneyness = std::log(forward / strike);
  double lo = 0.0;
  double hi = 10.0;
  double sigma = std::sqrt(2.0 * std::fabs(log_moneyness) / years);
  if (!(sigma > lo && sigma < hi)) sigma = 0.5;
  int n = 0;
  while (n < 100) {
    ++n;
    const double s = sigma * sqrt_t;
    const double d1 = log_moneyness / s + 0.5 * s;
    const double d2 = d1 - s;
    const double price = side == Side::call ? discount * (forward * cdf(d1) - strike * cdf(d2))
                                            : discount * (strike * cdf(-d2) - forward * cdf(-d1));
    const double diff = price - premium;
    if (diff > 0.0) {
      hi = sigma;
    } else {
      lo = sigma;
    }
    const double vega = discount * forward * pdf(d1) * sqrt_t;
    double next = sigma - diff / vega;
    if (!(vega > 0.0) || !(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const double step = std::fabs(next - sigma);
    sigma = next;
    if (diff == 0.0 || step <= 1e-14 * sigma) break;
  }
  if (iterations != nullptr) *iterations = n;
  return sigma;
}

}  // namespace strikeline::bench
