// Implied volatility round trip against high-precision prices.
//
// Criterion. The premium is computed in 113-bit precision from exact double inputs and rounded to
// double; that rounding alone moves the exact implied volatility by up to ulp(premium)/(2 vega).
// The recovered sigma must satisfy
//     |sigma - sigma_true| <= k * ulp(premium) / vega + f * sigma_true,   k = 4, f = 2e-15,
// i.e. it reproduces the premium to within a few units in its last place, or, where the premium
// reacts much more than proportionally to sigma (deep out of the money), sigma is exact to a few
// 1e-15 relative. This applies wherever the premium carries information: its time value exceeds 64
// ulps of the (undiscounted) premium, it is more than 64 ulps below the upper bound, and the
// normalised time value is a normal double. Where the time value is below 16 ulps (or the premium
// underflowed) the typed status no_information must be returned; in the band in between either ok
// (meeting the criterion) or no_information is accepted. The number of informative points is
// counted and asserted, so that the test cannot pass vacuously.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

#include "high_precision.h"
#include "pricing/implied_volatility.h"

namespace strikeline::pricing {
namespace {

using testing::Quad;
using testing::ulp;

constexpr double kK = 4.0;
constexpr double kF = 2e-15;

std::vector<double> log_spaced(double lo, double hi, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(lo * std::pow(hi / lo, static_cast<double>(i) / (n - 1)));
  return v;
}

struct Tally {
  long points = 0;
  long informative = 0;
  long uninformative = 0;
  long band = 0;
  double worst_ratio = 0.0;      // error / (k ulp/vega + f sigma): must stay <= 1
  double worst_ulp_units = 0.0;  // error / (ulp/vega) where that term dominates the floor
  double worst_relative = 0.0;   // error / sigma where the floor dominates
};

// Checks one Black-76 point; `premium_hp` is the exact premium in 113-bit precision.
void check_point(Tally& tally, Side side, double premium, double forward, double strike,
                 double sigma, double years, double discount, double spot_for_call, double rate,
                 double dividend, bool spot_model) {
  ++tally.points;
  const Quad disc = discount;
  const Quad f_hp =
      spot_model
          ? Quad(spot_for_call) * boost::multiprecision::exp((Quad(rate) - Quad(dividend)) * years)
          : Quad(forward);
  const Quad d_hp = spot_model ? Quad(boost::multiprecision::exp(-Quad(rate) * years)) : disc;
  const Quad k_hp = strike;
  const Quad q = Quad(premium) / d_hp;
  const Quad intrinsic = side == Side::call ? (f_hp > k_hp ? f_hp - k_hp : Quad(0))
                                            : (k_hp > f_hp ? k_hp - f_hp : Quad(0));
  const Quad upper = side == Side::call ? f_hp : k_hp;
  const double u = ulp(static_cast<double>(q));
  const Quad time_value = q - intrinsic;
  const Quad gap = upper - q;
  const double normalised =
      static_cast<double>(time_value / boost::multiprecision::sqrt(f_hp * k_hp));
  const bool informative = premium > 0.0 && time_value >= 64 * u &&
                           gap >= 64 * ulp(static_cast<double>(upper)) && normalised >= 1e-300;
  const bool uninformative = premium == 0.0 || time_value < 16 * u ||
                             gap < 16 * ulp(static_cast<double>(upper)) || normalised < DBL_MIN;

  const VolatilityResult r =
      spot_model ? implied_volatility_black_scholes(side, premium, spot_for_call, strike, years,
                                                    rate, dividend)
                 : implied_volatility_black76(side, premium, forward, strike, years, discount);
  ASSERT_TRUE(std::isfinite(r.sigma));
  if (uninformative && !informative) {
    ++tally.uninformative;
    EXPECT_TRUE(r.status == PricingStatus::no_information ||
                r.status == PricingStatus::above_maximum)
        << status_name(r.status) << " side=" << side_name(side) << " F=" << forward
        << " K=" << strike << " sigma=" << sigma << " T=" << years << " premium=" << premium;
    return;
  }
  if (!informative) {
    ++tally.band;
    if (r.status == PricingStatus::no_information) return;
  } else {
    ++tally.informative;
  }
  ASSERT_EQ(r.status, PricingStatus::ok)
      << "side=" << side_name(side) << " F=" << forward << " K=" << strike << " sigma=" << sigma
      << " T=" << years << " premium=" << premium;
  const Quad vega = testing::hp_black76_vega(f_hp, k_hp, Quad(sigma), Quad(years), d_hp);
  const double ulp_term = static_cast<double>(Quad(ulp(premium)) / vega);
  const double error = std::fabs(r.sigma - sigma);
  const double allowed = kK * ulp_term + kF * sigma;
  const double ratio = error / allowed;
  if (ratio > tally.worst_ratio) tally.worst_ratio = ratio;
  if (ulp_term > 1e-15 * sigma) {
    tally.worst_ulp_units = std::max(tally.worst_ulp_units, error / ulp_term);
  } else {
    tally.worst_relative = std::max(tally.worst_relative, error / sigma);
  }
  EXPECT_LE(error, allowed) << "side=" << side_name(side) << " F=" << forward << " K=" << strike
                            << " sigma=" << sigma << " T=" << years << " premium=" << premium
                            << " got " << r.sigma;
}

void report(const char* name, const Tally& t) {
  std::printf(
      "[%s] points=%ld informative=%ld uninformative=%ld band=%ld worst error/(k ulp/vega + f "
      "sigma)=%.3f worst error in ulp(premium)/vega=%.2f worst relative error (floor-dominated "
      "points)=%.2e\n",
      name, t.points, t.informative, t.uninformative, t.band, t.worst_ratio, t.worst_ulp_units,
      t.worst_relative);
}

// |ln(K/F)| <= 3 (41 uniform steps plus points close to the money), sigma 1 %..300 %,
// T 1 minute..3 years (32 log steps each), calls and puts: 100,352 points.
TEST(ImpliedVolatilityRoundTrip, Black76GridAgainstHighPrecision) {
  std::vector<double> moneyness;
  for (int i = 0; i <= 40; ++i) moneyness.push_back(-3.0 + 6.0 * i / 40.0);
  for (double m : {1e-3, 1e-5, 1e-8, 1e-12}) {
    moneyness.push_back(m);
    moneyness.push_back(-m);
  }
  const std::vector<double> vols = log_spaced(0.01, 3.0, 32);
  const std::vector<double> times = log_spaced(1.0 / (365.0 * 1440.0), 3.0, 32);
  const double forwards[] = {24150.35, 100.0, 1.5};
  const double rate = 0.10;
  Tally tally;
  int n = 0;
  for (double m : moneyness) {
    for (double sigma : vols) {
      for (double years : times) {
        const double forward = forwards[n++ % 3];
        const double strike = forward * std::exp(m);
        const double discount = std::exp(-rate * years);
        for (Side side : kBothSides) {
          const Quad p = testing::hp_black76(side, Quad(forward), Quad(strike), Quad(sigma),
                                             Quad(years), Quad(discount));
          check_point(tally, side, static_cast<double>(p), forward, strike, sigma, years, discount,
                      0.0, rate, 0.0, false);
          if (::testing::Test::HasFatalFailure()) return;
        }
      }
    }
  }
  report("black76", tally);
  EXPECT_GE(tally.points, 100000);
  EXPECT_GE(tally.informative, 35000);
}

// Black-Scholes with spot, rate and dividend yield: the forward is never rounded on the way.
TEST(ImpliedVolatilityRoundTrip, BlackScholesSpotGridAgainstHighPrecision) {
  const std::vector<double> vols = log_spaced(0.01, 3.0, 12);
  const std::vector<double> times = log_spaced(1.0 / (365.0 * 1440.0), 3.0, 12);
  const double spot = 22345.6;
  Tally tally;
  for (int i = 0; i <= 24; ++i) {
    const double m = -1.5 + 3.0 * i / 24.0;
    const double strike = std::round(spot * std::exp(m) / 50.0) * 50.0;
    for (double sigma : vols) {
      for (double years : times) {
        for (Side side : kBothSides) {
          const Quad p = testing::hp_black_scholes(side, Quad(spot), Quad(strike), Quad(sigma),
                                                   Quad(years), Quad(0.1), Quad(0.013));
          check_point(tally, side, static_cast<double>(p), 0.0, strike, sigma, years, 0.0, spot,
                      0.1, 0.013, true);
          if (::testing::Test::HasFatalFailure()) return;
        }
      }
    }
  }
  report("black_scholes", tally);
  EXPECT_GE(tally.informative, 2000);
}

}  // namespace
}  // namespace strikeline::pricing
