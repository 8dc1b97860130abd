// Greeks against central finite differences of the 50-digit price (Boost cpp_bin_float_50), both
// models, calls and puts, strikes 60..160 around 100, T from 5 days to 2.5 years, two vols.
// Steps: 1e-12 relative for first derivatives, 1e-10 for gamma, so truncation (< 1e-20) and the
// 50-digit rounding are both far below the tolerance. Tolerance per Greek (market units):
// |greek - fd| <= 1e-11 |fd| + 1e-13 * scale, scale = 1 (delta), 1/F (gamma), F/365 (theta),
// F/100 (vega), F T/100 (rho).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "high_precision.h"
#include "pricing/greeks.h"

namespace strikeline::pricing {
namespace {

using testing::Hp50;

struct Case {
  bool spot_model;
  Side side;
  double underlying, strike, sigma, years, rate, dividend;
};

// Price as a function of (underlying, sigma, years, rate) in 50 digits.
Hp50 price(const Case& c, const Hp50& u, const Hp50& sigma, const Hp50& years, const Hp50& rate) {
  if (c.spot_model) {
    return testing::hp_black_scholes(c.side, u, Hp50(c.strike), sigma, years, rate,
                                     Hp50(c.dividend));
  }
  return testing::hp_black76(c.side, u, Hp50(c.strike), sigma, years,
                             Hp50(boost::multiprecision::exp(-rate * years)));
}

void expect_close(const char* name, double value, const Hp50& reference, double scale,
                  const Case& c) {
  const double ref = static_cast<double>(reference);
  const double tolerance = 1e-11 * std::fabs(ref) + 1e-13 * scale;
  EXPECT_NEAR(value, ref, tolerance)
      << name << (c.spot_model ? " black-scholes " : " black-76 ") << side_name(c.side)
      << " K=" << c.strike << " T=" << c.years << " sigma=" << c.sigma;
}

TEST(Greeks, MatchFiniteDifferencesOfHighPrecisionPrice) {
  int checked = 0;
  for (bool spot_model : {false, true}) {
    for (Side side : kBothSides) {
      for (double strike : {60.0, 90.0, 100.0, 110.0, 160.0}) {
        for (double years : {5.0 / 365.0, 0.5, 2.5}) {
          for (double sigma : {0.12, 0.55}) {
            const Case c{spot_model, side, 100.0, strike, sigma, years, 0.10, 0.025};
            const GreeksResult g =
                spot_model ? black_scholes_greeks(side, c.underlying, strike, sigma, years, c.rate,
                                                  c.dividend)
                           : black76_greeks(side, c.underlying, strike, sigma, years, c.rate);
            ASSERT_EQ(g.status, PricingStatus::ok);
            const Hp50 u = c.underlying, sg = sigma, t = years, r = c.rate;
            const Hp50 base = price(c, u, sg, t, r);
            const Hp50 hu = u * Hp50(1e-12), hg = u * Hp50(1e-10);
            const Hp50 hs = sg * Hp50(1e-12), ht = t * Hp50(1e-12), hr = Hp50(1e-12);
            const Hp50 delta = (price(c, u + hu, sg, t, r) - price(c, u - hu, sg, t, r)) / (2 * hu);
            const Hp50 gamma =
                (price(c, u + hg, sg, t, r) - 2 * base + price(c, u - hg, sg, t, r)) / (hg * hg);
            const Hp50 theta_day =
                -(price(c, u, sg, t + ht, r) - price(c, u, sg, t - ht, r)) / (2 * ht) / 365;
            const Hp50 vega_point =
                (price(c, u, sg + hs, t, r) - price(c, u, sg - hs, t, r)) / (2 * hs) / 100;
            const Hp50 rho_percent =
                (price(c, u, sg, t, r + hr) - price(c, u, sg, t, r - hr)) / (2 * hr) / 100;
            const double f = c.underlying;
            expect_close("delta", g.greeks.delta, delta, 1.0, c);
            expect_close("gamma", g.greeks.gamma, gamma, 1.0 / f, c);
            expect_close("theta", g.greeks.theta, theta_day, f / 365.0, c);
            expect_close("vega", g.greeks.vega, vega_point, f / 100.0, c);
            expect_close("rho", g.greeks.rho, rho_percent, f * years / 100.0, c);
            expect_close("price", g.price, base, f, c);
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 120);
}

TEST(Greeks, StatusAndNoNaN) {
  const GreeksResult expired = black76_greeks(Side::call, 100.0, 100.0, 0.2, 0.0, 0.1);
  EXPECT_EQ(expired.status, PricingStatus::expired);
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), HUGE_VAL, -1.0, 0.0}) {
    const GreeksResult a = black76_greeks(Side::call, bad, 100.0, 0.2, 0.5, 0.1);
    const GreeksResult b = black_scholes_greeks(Side::put, 100.0, bad, 0.2, 0.5, 0.1, 0.0);
    const GreeksResult c = black_scholes_greeks(Side::put, 100.0, 100.0, bad, 0.5, 0.1, 0.0);
    for (const GreeksResult& r : {a, b, c}) {
      EXPECT_EQ(r.status, PricingStatus::invalid_input);
      for (double v :
           {r.greeks.delta, r.greeks.gamma, r.greeks.theta, r.greeks.vega, r.greeks.rho, r.price}) {
        EXPECT_EQ(v, 0.0);
      }
    }
  }
  // Far out of the money and very short: tiny but finite, never NaN.
  const GreeksResult tiny = black76_greeks(Side::call, 100.0, 300.0, 0.05, 1e-6, 0.1);
  ASSERT_EQ(tiny.status, PricingStatus::ok);
  EXPECT_EQ(tiny.greeks.delta, 0.0);
  EXPECT_FALSE(std::isnan(tiny.greeks.theta));
}

// Gamma alone is black_scholes_greeks' gamma: a few ulps apart (the density comes from the
// normalised Black function's vega there, from its own factor here), with or without a shared
// carry growth (those two identical), and the same statuses.
TEST(Greeks, GammaAloneIsTheGreeksGamma) {
  int checked = 0;
  for (double strike : {60.0, 90.0, 99.9, 100.0, 110.0, 160.0}) {
    for (double years : {1.0 / 365.0, 5.0 / 365.0, 0.5, 2.5}) {
      for (double sigma : {0.08, 0.12, 0.55}) {
        for (double spot : {90.0, 100.0, 104.5}) {
          const GreeksResult full =
              black_scholes_greeks(Side::call, spot, strike, sigma, years, 0.10, 0.0);
          const GammaResult alone = black_scholes_gamma(spot, strike, sigma, years, 0.10, 0.0);
          const GammaResult shared = detail::black_scholes_gamma(
              spot, strike, sigma, detail::carry_growth(years, 0.10, 0.0));
          ASSERT_EQ(full.status, PricingStatus::ok);
          ASSERT_EQ(alone.status, PricingStatus::ok);
          EXPECT_NEAR(alone.gamma, full.greeks.gamma, 1e-14 * full.greeks.gamma + 1e-300)
              << "K=" << strike << " T=" << years << " sigma=" << sigma << " S=" << spot;
          EXPECT_EQ(shared.gamma, alone.gamma);
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 216);
  EXPECT_EQ(black_scholes_gamma(100.0, 100.0, 0.2, 0.0, 0.1).status, PricingStatus::expired);
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), HUGE_VAL, -1.0, 0.0}) {
    for (const GammaResult& r : {black_scholes_gamma(bad, 100.0, 0.2, 0.5, 0.1),
                                 black_scholes_gamma(100.0, bad, 0.2, 0.5, 0.1),
                                 black_scholes_gamma(100.0, 100.0, bad, 0.5, 0.1)}) {
      EXPECT_EQ(r.status, PricingStatus::invalid_input);
      EXPECT_EQ(r.gamma, 0.0);
    }
  }
}

}  // namespace
}  // namespace strikeline::pricing
