// Put-call parity of the price functions: Black-76 C - P = D (F - K); Black-Scholes
// C - P = S exp(-qT) - K exp(-rT). Tolerance: 4 ulps of the largest of C, P, D F, D K (the
// rounding of the two prices and of the right-hand side). Prices against 113-bit references:
// 4 ulps of the price plus 4 eps of sigma times dPrice/dsigma.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "high_precision.h"
#include "pricing/black_scholes.h"
#include "pricing/greeks.h"

namespace strikeline::pricing {
namespace {

using testing::ulp;

TEST(PutCallParity, Black76) {
  for (double strike : {50.0, 80.0, 99.5, 100.0, 100.5, 125.0, 300.0}) {
    for (double years : {1e-5, 0.02, 0.5, 3.0}) {
      for (double sigma : {0.01, 0.2, 1.5}) {
        const double forward = 100.0;
        const double discount = std::exp(-0.1 * years);
        const PriceResult call = black76_price(Side::call, forward, strike, sigma, years, discount);
        const PriceResult put = black76_price(Side::put, forward, strike, sigma, years, discount);
        ASSERT_EQ(call.status, PricingStatus::ok);
        ASSERT_EQ(put.status, PricingStatus::ok);
        const double rhs = discount * (forward - strike);
        const double scale =
            std::max({call.price, put.price, discount * forward, discount * strike});
        EXPECT_NEAR(call.price - put.price, rhs, 4 * ulp(scale))
            << "K=" << strike << " T=" << years << " sigma=" << sigma;
      }
    }
  }
}

TEST(PutCallParity, BlackScholesWithDividendYield) {
  const double spot = 22345.6, rate = 0.1, dividend = 0.013;
  for (double strike : {15000.0, 21000.0, 22300.0, 22350.0, 23000.0, 30000.0}) {
    for (double years : {1e-5, 0.02, 0.5, 3.0}) {
      for (double sigma : {0.01, 0.2, 1.5}) {
        const PriceResult call =
            black_scholes_price(Side::call, spot, strike, sigma, years, rate, dividend);
        const PriceResult put =
            black_scholes_price(Side::put, spot, strike, sigma, years, rate, dividend);
        ASSERT_EQ(call.status, PricingStatus::ok);
        ASSERT_EQ(put.status, PricingStatus::ok);
        const double rhs = spot * std::exp(-dividend * years) - strike * std::exp(-rate * years);
        const double scale = std::max({call.price, put.price, spot, strike});
        EXPECT_NEAR(call.price - put.price, rhs, 4 * ulp(scale))
            << "K=" << strike << " T=" << years << " sigma=" << sigma;
      }
    }
  }
}

TEST(Prices, AgreeWithHighPrecision) {
  using testing::Quad;
  for (double strike : {70.0, 100.0, 130.0}) {
    for (Side side : kBothSides) {
      const PriceResult p = black76_price(side, 100.0, strike, 0.25, 0.75, 0.9);
      const Quad ref =
          testing::hp_black76(side, Quad(100.0), Quad(strike), Quad(0.25), Quad(0.75), Quad(0.9));
      // 4 ulps of the price, or 4 eps of sigma times the price's sensitivity to sigma.
      const double vega76 =
          100.0 *
          black76_greeks(side, 100.0, strike, 0.25, 0.75, -std::log(0.9) / 0.75).greeks.vega;
      EXPECT_NEAR(p.price, static_cast<double>(ref),
                  4 * ulp(static_cast<double>(ref)) + 4 * DBL_EPSILON * 0.25 * vega76);
      const PriceResult b = black_scholes_price(side, 100.0, strike, 0.25, 0.75, 0.1, 0.02);
      const Quad refb = testing::hp_black_scholes(side, Quad(100.0), Quad(strike), Quad(0.25),
                                                  Quad(0.75), Quad(0.1), Quad(0.02));
      const double vega_bs =
          100.0 * black_scholes_greeks(side, 100.0, strike, 0.25, 0.75, 0.1, 0.02).greeks.vega;
      EXPECT_NEAR(b.price, static_cast<double>(refb),
                  4 * ulp(static_cast<double>(refb)) + 4 * DBL_EPSILON * 0.25 * vega_bs);
    }
  }
  // Expired: discounted intrinsic value, status expired.
  const PriceResult expired = black76_price(Side::put, 100.0, 120.0, 0.2, 0.0, 0.95);
  EXPECT_EQ(expired.status, PricingStatus::expired);
  EXPECT_DOUBLE_EQ(expired.price, 0.95 * 20.0);
  EXPECT_EQ(black76_price(Side::put, 100.0, 120.0, -0.2, 1.0, 0.95).status,
            PricingStatus::invalid_input);
}

}  // namespace
}  // namespace strikeline::pricing
