// Accuracy of the normalised Black function b(x, s) against 113-bit references over
// x in [-40, 40] (log-uniform magnitude down to 1e-8, and near 0) and s in [1e-5, 30], calls and
// puts. Tolerance: relative error <= 5 eps * max(1, E), E = s b'(s)/b the elasticity of b in s;
// i.e. a few ulps in price, or, where the price reacts strongly to s (deep out of the money, E >>
// 1), an error equivalent to a few ulps of s. Values below DBL_MIN are not compared.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <random>

#include "high_precision.h"
#include "pricing/normalised_black.h"

namespace strikeline::pricing {
namespace {

using testing::Quad;

Quad hp_normalised(double x, double s, Side side) {
  const Quad xq = x;
  const Quad sq = s;
  const Quad e = boost::multiprecision::exp(xq / 2);
  const Quad theta = side == Side::call ? 1 : -1;
  return theta * (e * testing::hp_norm_cdf(theta * (xq / sq + sq / 2)) -
                  testing::hp_norm_cdf(theta * (xq / sq - sq / 2)) / e);
}

TEST(NormalisedBlack, RelativeAccuracyScaledByElasticity) {
  std::mt19937_64 rng(20240601);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  double worst = 0.0;
  int compared = 0;
  for (int i = 0; i < 30000; ++i) {
    double x = std::exp(std::log(1e-8) + uniform(rng) * (std::log(40.0) - std::log(1e-8)));
    if (i % 10 == 0) x = uniform(rng) * 1e-3;
    if (i % 2 == 0) x = -x;
    const double s = std::exp(std::log(1e-5) + uniform(rng) * (std::log(30.0) - std::log(1e-5)));
    const Side side = i % 3 == 0 ? Side::put : Side::call;
    const Quad ref = hp_normalised(x, s, side);
    if (ref < DBL_MIN) continue;
    ++compared;
    const double value = normalised_black(x, s, side);
    const double refd = static_cast<double>(ref);
    const double elasticity = s * normalised_vega(x, s) / refd;
    const double error =
        static_cast<double>(boost::multiprecision::abs((Quad(value) - ref) / ref)) / DBL_EPSILON;
    const double scaled = error / std::max(1.0, elasticity);
    worst = std::max(worst, scaled);
    EXPECT_LE(scaled, 5.0) << "x=" << x << " s=" << s << " side=" << side_name(side);
  }
  std::printf("normalised_black worst error: %.2f eps * max(1, elasticity) over %d points\n", worst,
              compared);
  EXPECT_GE(compared, 20000);
}

TEST(NormalisedBlack, Limits) {
  EXPECT_EQ(normalised_black(-1.0, 0.0, Side::call), 0.0);
  EXPECT_DOUBLE_EQ(normalised_black(1.0, 0.0, Side::call), 2.0 * std::sinh(0.5));
  EXPECT_DOUBLE_EQ(normalised_black(1.0, HUGE_VAL, Side::call), std::exp(0.5));
  EXPECT_DOUBLE_EQ(normalised_black(1.0, HUGE_VAL, Side::put), std::exp(-0.5));
  EXPECT_EQ(normalised_black(std::nan(""), 1.0, Side::call), 0.0);
  EXPECT_EQ(normalised_black(1.0, std::nan(""), Side::call), 0.0);
  EXPECT_EQ(normalised_black(1.0, -1.0, Side::call), 0.0);
  EXPECT_EQ(normalised_vega(1.0, 0.0), 0.0);
  EXPECT_EQ(normalised_intrinsic(-1.0, Side::call), 0.0);
  EXPECT_DOUBLE_EQ(normalised_intrinsic(-1.0, Side::put), 2.0 * std::sinh(0.5));
}

}  // namespace
}  // namespace strikeline::pricing
