// The façade's units: iv_percent = 100 sigma; theta per calendar day (annual / 365); vega per vol
// point (0.01 sigma); rho per 1 % of rate. Checked against finite differences of the library's own
// price functions in double (step 1e-6 relative, tolerance 1e-6 relative: units, not accuracy).
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <vector>

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

// A batch mixing both models, both sides, every status and every position within a group, with
// neighbours that share the expiry but not the rate or the dividend yield (and the reverse).
std::vector<MarketInputs> mixed_batch() {
  std::vector<MarketInputs> batch;
  const double strikes[] = {20000.0, 21900.0, 22000.0, 22050.0, 24000.0};
  for (bool forward_model : {true, false}) {
    for (double years : {0.5 / 365.0, 9.0 / 365.0, 0.75, 2.5}) {
      for (double strike : strikes) {
        for (Side side : {Side::call, Side::put}) {
          MarketInputs in{};
          in.side = side;
          in.strike = strike;
          in.underlying = 22000.0;
          in.underlying_is_forward = forward_model;
          in.years = years;
          // Neighbours that differ in one of the expiry's inputs only: 21900 put / 22000 call
          // in the rate, 24000 call / put in the dividend yield, 24000 put / the next expiry's
          // 20000 call in the years.
          in.rate = strike == 22000.0 || strike == 22050.0 ? 0.065 : 0.10;
          in.dividend_yield =
              !forward_model && strike == 24000.0 && side == Side::call ? 0.013 : 0.0;
          const double rate = in.rate;
          in.premium =
              forward_model
                  ? black76_price(side, 22000.0, strike, 0.15, years, std::exp(-rate * years)).price
                  : black_scholes_price(side, 22000.0, strike, 0.15, years, rate, in.dividend_yield)
                        .price;
          in.premium = std::round(in.premium / 0.05) * 0.05;
          batch.push_back(in);
        }
      }
    }
  }
  // Inputs that end before the solve, between solvable ones.
  MarketInputs bad = batch[3];
  bad.premium = -1.0;  // invalid_input
  batch.insert(batch.begin() + 5, bad);
  bad = batch[8];
  bad.years = 0.0;  // expired
  batch.insert(batch.begin() + 9, bad);
  bad = batch[2];
  bad.premium = 0.0;  // below intrinsic or no information
  batch.insert(batch.begin() + 14, bad);
  bad = batch[1];
  bad.rate = std::nan("");  // invalid_input before the model is chosen
  batch.insert(batch.begin() + 20, bad);
  bad = batch[4];
  bad.premium = 30000.0;  // above_maximum
  batch.push_back(bad);
  return batch;
}

void expect_same(const OptionAnalytics& batch, const OptionAnalytics& single, std::size_t i) {
  EXPECT_EQ(batch.status, single.status) << i;
  EXPECT_EQ(batch.iv_percent, single.iv_percent) << i;
  EXPECT_EQ(batch.delta, single.delta) << i;
  EXPECT_EQ(batch.gamma, single.gamma) << i;
  EXPECT_EQ(batch.theta, single.theta) << i;
  EXPECT_EQ(batch.vega, single.vega) << i;
  EXPECT_EQ(batch.rho, single.rho) << i;
}

TEST(OptionAnalytics, BatchGivesExactlyTheSingleResults) {
  const std::vector<MarketInputs> all = mixed_batch();
  std::size_t solved = 0;
  std::size_t failed = 0;
  // Every length up to a few groups, so that each input is priced at every position of a group
  // and in the remainder after the last full group.
  for (std::size_t length = 0; length <= 11; ++length) {
    for (std::size_t first = 0; first + length <= all.size(); first += 3) {
      const std::span<const MarketInputs> in(all.data() + first, length);
      std::vector<OptionAnalytics> out(length);
      analyse_options(in, out);
      for (std::size_t i = 0; i < length; ++i) {
        const OptionAnalytics single = analyse_option(in[i]);
        expect_same(out[i], single, first + i);
        (single.status == PricingStatus::ok ? solved : failed) += 1;
      }
    }
  }
  EXPECT_GT(solved, 1000u);
  EXPECT_GT(failed, 50u);
}

TEST(OptionAnalytics, BatchStopsAtTheShorterSpan) {
  const std::vector<MarketInputs> all = mixed_batch();
  const OptionAnalytics untouched{PricingStatus::expired, -1.0, -2.0, -3.0, -4.0, -5.0, -6.0};
  std::vector<OptionAnalytics> out(9, untouched);
  analyse_options(std::span<const MarketInputs>(all.data(), 6), out);
  for (std::size_t i = 0; i < 6; ++i) expect_same(out[i], analyse_option(all[i]), i);
  for (std::size_t i = 6; i < 9; ++i) expect_same(out[i], untouched, i);
  std::vector<OptionAnalytics> short_out(5, untouched);
  analyse_options(all, short_out);
  for (std::size_t i = 0; i < 5; ++i) expect_same(short_out[i], analyse_option(all[i]), i);
}

}  // namespace
}  // namespace strikeline::pricing
