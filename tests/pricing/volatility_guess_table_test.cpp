// The tabulated initial guess of the implied volatility solver (pricing/volatility_guess_table.h):
// how close it is over its whole domain, that one Householder step from it is what the solver
// takes there (so that the fast path cannot silently fall back to the bracketed solver), and that
// inputs outside the domain get no guess and are still solved. The exact s is the input the price
// was computed from; prices below 1e-300 or within 1e-13 of b_max are left out (no information).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "pricing/implied_volatility.h"
#include "pricing/normalised_black.h"
#include "pricing/volatility_guess_table.h"

namespace strikeline::pricing {
namespace {

struct Point {
  double x, s, beta, b_max;
  bool usable;
};

Point point(double x, double s) {
  const double b_max = std::exp(0.5 * x);
  const double beta = detail::otm_call(x, s, b_max).price;
  return {x, s, beta, b_max, beta >= 1e-300 && beta < b_max * (1.0 - 1e-13)};
}

double log_uniform(std::mt19937_64& rng, double lo, double hi) {
  std::uniform_real_distribution<double> uniform(std::log(lo), std::log(hi));
  return std::exp(uniform(rng));
}

TEST(VolatilityGuessTable, WithinSixTimesTenToTheMinusFiveOverTheDomain) {
  std::mt19937_64 rng(20261129);
  double worst = 0.0;
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    const Point p = point(-log_uniform(rng, 1e-6, 4.0), log_uniform(rng, 1e-4, 8.0));
    if (!p.usable) continue;
    const detail::TableGuess guess = detail::tabulated_s_guess(p.beta, p.x, p.b_max);
    ASSERT_GT(guess.s, 0.0) << "x=" << p.x << " s=" << p.s;
    const double error = std::fabs(guess.s - p.s) / p.s;
    worst = std::max(worst, error);
    EXPECT_LE(error, 6e-5) << "x=" << p.x << " s=" << p.s << " guess=" << guess.s;
    ++checked;
  }
  EXPECT_GE(checked, 15000);
  std::printf("worst relative error of the guess: %.3g over %d points\n", worst, checked);
}

TEST(VolatilityGuessTable, TheSolverTakesOneStepFromItAndIsExact) {
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int i = 0; i < 20000; ++i) {
    const Point p = point(-log_uniform(rng, 1e-6, 4.0), log_uniform(rng, 1e-3, 6.0));
    if (!p.usable) continue;
    int steps = 0;
    const double s = detail::implied_s_otm_call(p.beta, p.x, p.b_max, &steps);
    EXPECT_EQ(steps, 1) << "x=" << p.x << " s=" << p.s;
    // The round-trip test holds the solver to the premium's information; here a plain bound that
    // every point of this range meets (its elasticity is moderate).
    EXPECT_LE(std::fabs(s - p.s), 1e-11 * p.s) << "x=" << p.x << " s=" << p.s;
    ++checked;
  }
  EXPECT_GE(checked, 15000);
}

TEST(VolatilityGuessTable, AtTheMoneyTheClosedFormIsTheGuess) {
  for (double x : {0.0, -1e-300, -1e-9, -9e-7}) {
    for (double s : {1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 4.0}) {
      const Point p = point(x, s);
      ASSERT_TRUE(p.usable);
      const detail::TableGuess guess = detail::tabulated_s_guess(p.beta, p.x, p.b_max);
      EXPECT_NEAR(guess.s, s, 1e-5 * s) << "x=" << x;
      int steps = 0;
      EXPECT_NEAR(detail::implied_s_otm_call(p.beta, p.x, p.b_max, &steps), s, 1e-13 * s);
      EXPECT_EQ(steps, 1) << "x=" << x << " s=" << s;
    }
  }
}

TEST(VolatilityGuessTable, OutsideTheDomainTheBracketedSolverAnswers) {
  for (double x : {-4.5, -10.0, -30.0}) {
    for (double s : {0.5, 1.0, 3.0, 6.0}) {
      const Point p = point(x, s);
      if (!p.usable) continue;
      EXPECT_EQ(detail::tabulated_s_guess(p.beta, p.x, p.b_max).s, 0.0) << "x=" << x;
      int steps = 0;
      EXPECT_NEAR(detail::implied_s_otm_call(p.beta, p.x, p.b_max, &steps), s, 1e-12 * s);
      EXPECT_GE(steps, 2);
    }
  }
}

}  // namespace
}  // namespace strikeline::pricing
