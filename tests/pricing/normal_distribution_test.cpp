// Accuracy of erfcx, Phi and its inverse against 113-bit references. Tolerances (relative):
// erfcx 3 ulps on [-5, 60] and far out; phi 2 ulps; Phi 4 ulps where Phi(z) is a normal double (z
// >= -37.5); inverse_norm_cdf: |z - z_ref| <= 4 eps |z| + 4 eps p / phi(z), the error that a
// few-ulp Phi implies (the condition of the inverse).
#include <gtest/gtest.h>

#include <boost/math/special_functions/erf.hpp>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "high_precision.h"
#include "pricing/normal_distribution.h"

namespace strikeline::pricing {
namespace {

using testing::Quad;
constexpr double kEps = DBL_EPSILON;

double relative_error(double value, const Quad& reference) {
  return static_cast<double>(boost::multiprecision::abs((Quad(value) - reference) / reference));
}

TEST(NormalDistribution, ErfcxRelativeAccuracy) {
  double worst = 0.0;
  for (double u = -5.0; u < 60.0; u += 0.001731) {
    const Quad ref = boost::multiprecision::exp(Quad(u) * u) * boost::math::erfc(Quad(u));
    worst = std::max(worst, relative_error(erfcx(u), ref));
  }
  // The ends of the interpolated range and their neighbours (-1 itself is the last piece's end).
  for (double u : {-1.0, std::nextafter(-1.0, 0.0), std::nextafter(std::nextafter(-1.0, 0.0), 0.0),
                   std::nextafter(-1.0, -2.0), 30.0, std::nextafter(30.0, 0.0),
                   std::nextafter(30.0, 31.0), 0.0}) {
    const Quad ref = boost::multiprecision::exp(Quad(u) * u) * boost::math::erfc(Quad(u));
    worst = std::max(worst, relative_error(erfcx(u), ref));
  }
  for (double u : {1e3, 1e8, 1e20, 1e200}) {
    const Quad uq = u;
    const Quad v = 1 / (2 * uq * uq);  // asymptotic series; the omitted terms are < 1e-22
    const Quad ref = 1 / (uq * boost::multiprecision::sqrt(boost::math::constants::pi<Quad>())) *
                     (1 - v + 3 * v * v - 15 * v * v * v);
    worst = std::max(worst, relative_error(erfcx(u), ref));
  }
  EXPECT_LE(worst, 3 * kEps);
  std::printf("erfcx worst relative error: %.2f eps\n", worst / kEps);
  EXPECT_EQ(erfcx(HUGE_VAL), 0.0);
  EXPECT_EQ(erfcx(-30.0), HUGE_VAL);
}

TEST(NormalDistribution, CdfRelativeAccuracyIncludingLowerTail) {
  double worst = 0.0;
  for (double z = -37.5; z < 9.0; z += 0.000917) {
    worst = std::max(worst, relative_error(norm_cdf(z), testing::hp_norm_cdf(Quad(z))));
  }
  EXPECT_LE(worst, 4 * kEps);
  std::printf("norm_cdf worst relative error: %.2f eps\n", worst / kEps);
  EXPECT_EQ(norm_cdf(-HUGE_VAL), 0.0);
  EXPECT_EQ(norm_cdf(HUGE_VAL), 1.0);
  EXPECT_EQ(norm_cdf(0.0), 0.5);
}

TEST(NormalDistribution, PdfRelativeAccuracy) {
  double worst = 0.0;
  for (double z = -37.5; z < 37.5; z += 0.00713) {  // phi(z) a normal double
    worst = std::max(worst, relative_error(norm_pdf(z), testing::hp_norm_pdf(Quad(z))));
  }
  EXPECT_LE(worst, 2 * kEps);
}

TEST(NormalDistribution, InverseCdfAccuracy) {
  for (double p = 1e-300; p < 1.0; p *= 1.9) {
    for (double probability : {p, 1.0 - p}) {
      if (!(probability > 0.0 && probability < 1.0)) continue;
      const Quad ref =
          -boost::multiprecision::sqrt(Quad(2)) * boost::math::erfc_inv(2 * Quad(probability));
      const double z = inverse_norm_cdf(probability);
      const double refd = static_cast<double>(ref);
      const double tail = std::min(probability, 1.0 - probability);
      const double allowed = 4 * kEps * std::fabs(refd) + 4 * kEps * tail / norm_pdf(refd);
      EXPECT_LE(std::fabs(z - refd), allowed) << "p=" << probability;
    }
  }
  EXPECT_EQ(inverse_norm_cdf(0.5), 0.0);
  EXPECT_EQ(inverse_norm_cdf(0.0), -HUGE_VAL);
  EXPECT_EQ(inverse_norm_cdf(1.0), HUGE_VAL);
}

// One Halley step from the Abramowitz-Stegun guess (the at-the-money initial guess of the
// implied-volatility solver): within 3e-10 of the quantile (2.1e-10 measured), relative beyond
// |z| = 1, and the step does its work (the guess alone is off by up to 4.5e-4).
TEST(NormalDistribution, InverseCdfAfterOneHalleyStep) {
  double worst = 0.0;
  double worst_guess = 0.0;
  for (double p = 1e-300; p < 1.0; p *= 1.3) {
    for (double probability : {p, 1.0 - p}) {
      if (!(probability > 0.0 && probability < 1.0)) continue;
      const double ref = static_cast<double>(-boost::multiprecision::sqrt(Quad(2)) *
                                             boost::math::erfc_inv(2 * Quad(probability)));
      const double scale = std::max(1.0, std::fabs(ref));
      worst =
          std::max(worst, std::fabs(detail::inverse_norm_cdf_halley(probability, 1) - ref) / scale);
      worst_guess = std::max(
          worst_guess, std::fabs(detail::inverse_norm_cdf_halley(probability, 0) - ref) / scale);
    }
  }
  std::printf("one Halley step: worst %.3g (the guess alone: %.3g)\n", worst, worst_guess);
  EXPECT_LE(worst, 3e-10);
  EXPECT_GT(worst_guess, 1e-5);
}

}  // namespace
}  // namespace strikeline::pricing
