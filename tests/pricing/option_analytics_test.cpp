// The façade's units: iv_percent = 100 sigma; theta per calendar day (annual / 365); vega per vol
// point (0.01 sigma); rho per 1 % of rate. Checked against finite differences of the library's own
// price functions in double (step 1e-6 relative, tolerance 1e-6 relative: units, not accuracy).
#include <gtest/gtest.h>

#include <cmath>

#include "pricing/black_scholes.h"
#include "pricing/implied_volatility.h"
#include "pricing/option_analytics.h"

namespace strikeline::pricing {
namespace {

struct Setup {
  bool forward_model;
  Side side;
  double underlying, strike, sigma, years, rate, dividend;
};

double value(const Setup& s, double underlying, double sigma, double years, double rate) {
  if (s.forward_model) {
    return black76_price(s.side, underlying, s.strike, sigma, years, std::exp(-rate * years)).price;
  }
  return black_scholes_price(s.side, underlying, s.strike, sigma, years, rate, s.dividend).price;
}

void check(const Setup& s) {
  const double premium = value(s, s.underlying, s.sigma, s.years, s.rate);
  MarketInputs in{};
  in.side = s.side;
  in.premium = premium;
  in.strike = s.strike;
  in.underlying = s.underlying;
  in.underlying_is_forward = s.forward_model;
  in.years = s.years;
  in.rate = s.rate;
  in.dividend_yield = s.dividend;
  const OptionAnalytics a = analyse_option(in);
  ASSERT_EQ(a.status, PricingStatus::ok);
  EXPECT_NEAR(a.iv_percent, 100.0 * s.sigma, 1e-10);

  const double du = s.underlying * 1e-6, dv = 1e-6, dt = s.years * 1e-6, dr = 1e-6;
  const double delta = (value(s, s.underlying + du, s.sigma, s.years, s.rate) -
                        value(s, s.underlying - du, s.sigma, s.years, s.rate)) /
                       (2 * du);
  const double theta_annual = -(value(s, s.underlying, s.sigma, s.years + dt, s.rate) -
                                value(s, s.underlying, s.sigma, s.years - dt, s.rate)) /
                              (2 * dt);
  const double vega_unit = (value(s, s.underlying, s.sigma + dv, s.years, s.rate) -
                            value(s, s.underlying, s.sigma - dv, s.years, s.rate)) /
                           (2 * dv);
  const double rho_unit = (value(s, s.underlying, s.sigma, s.years, s.rate + dr) -
                           value(s, s.underlying, s.sigma, s.years, s.rate - dr)) /
                          (2 * dr);
  EXPECT_NEAR(a.delta, delta, 1e-6 * std::fabs(delta) + 1e-9);
  EXPECT_NEAR(a.theta, theta_annual / 365.0, 1e-6 * std::fabs(theta_annual / 365.0) + 1e-9);
  EXPECT_NEAR(a.vega, vega_unit / 100.0, 1e-6 * std::fabs(vega_unit / 100.0) + 1e-9);
  EXPECT_NEAR(a.rho, rho_unit / 100.0, 1e-6 * std::fabs(rho_unit / 100.0) + 1e-9);
  EXPECT_GT(a.gamma, 0.0);
}

TEST(OptionAnalytics, UnitsForwardModel) {
  check({true, Side::call, 22000.0, 22500.0, 0.14, 7.0 / 365.0, 0.10, 0.0});
  check({true, Side::put, 22000.0, 21500.0, 0.18, 30.0 / 365.0, 0.10, 0.0});
}

TEST(OptionAnalytics, UnitsSpotModel) {
  check({false, Side::call, 48000.0, 48500.0, 0.16, 14.0 / 365.0, 0.10, 0.012});
  check({false, Side::put, 48000.0, 47000.0, 0.21, 60.0 / 365.0, 0.10, 0.0});
}

TEST(OptionAnalytics, IvPercentIsHundredTimesSigma) {
  MarketInputs in{};
  in.side = Side::call;
  in.premium = 150.0;
  in.strike = 22000.0;
  in.underlying = 22100.0;
  in.underlying_is_forward = true;
  in.years = 10.0 / 365.0;
  const VolatilityResult v = implied_volatility_black76(
      in.side, in.premium, in.underlying, in.strike, in.years, std::exp(-in.rate * in.years));
  const OptionAnalytics a = analyse_option(in);
  ASSERT_EQ(v.status, PricingStatus::ok);
  ASSERT_EQ(a.status, PricingStatus::ok);
  EXPECT_EQ(a.iv_percent, 100.0 * v.sigma);
  // Default rate is NSE's 10 %.
  EXPECT_EQ(MarketInputs{}.rate, 0.10);
}

}  // namespace
}  // namespace strikeline::pricing
