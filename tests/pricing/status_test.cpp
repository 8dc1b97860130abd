// Typed failure instead of NaN: every status case through the implied volatility functions and the
// façade, and no output field is ever NaN (non-ok outputs are exactly 0).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "pricing/implied_volatility.h"
#include "pricing/option_analytics.h"

namespace strikeline::pricing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void expect_no_nan(const OptionAnalytics& a) {
  for (double v : {a.iv_percent, a.delta, a.gamma, a.theta, a.vega, a.rho}) {
    EXPECT_FALSE(std::isnan(v));
    if (a.status == PricingStatus::ok) {
      EXPECT_TRUE(std::isfinite(v));
    } else {
      EXPECT_EQ(v, 0.0);
    }
  }
}

MarketInputs base(Side side, double premium, double strike) {
  MarketInputs in{};
  in.side = side;
  in.premium = premium;
  in.strike = strike;
  in.underlying = 100.0;
  in.underlying_is_forward = true;
  in.years = 0.25;
  in.rate = 0.0;
  return in;
}

TEST(Status, BelowIntrinsic) {
  EXPECT_EQ(implied_volatility_black76(Side::call, 9.0, 100.0, 90.0, 0.25).status,
            PricingStatus::below_intrinsic);
  EXPECT_EQ(implied_volatility_black76(Side::put, 9.0, 100.0, 110.0, 0.25).status,
            PricingStatus::below_intrinsic);
  EXPECT_EQ(implied_volatility_black_scholes(Side::call, 5.0, 100.0, 90.0, 0.25, 0.1).status,
            PricingStatus::below_intrinsic);
  const OptionAnalytics a = analyse_option(base(Side::call, 9.0, 90.0));
  EXPECT_EQ(a.status, PricingStatus::below_intrinsic);
  expect_no_nan(a);
}

TEST(Status, AboveMaximum) {
  // Call premium above forward * discount; put premium above strike * discount.
  EXPECT_EQ(implied_volatility_black76(Side::call, 100.5, 100.0, 90.0, 0.25).status,
            PricingStatus::above_maximum);
  EXPECT_EQ(implied_volatility_black76(Side::call, 95.5, 100.0, 90.0, 0.25, 0.95).status,
            PricingStatus::above_maximum);
  EXPECT_EQ(implied_volatility_black76(Side::put, 110.0, 100.0, 110.0, 0.25).status,
            PricingStatus::above_maximum);
  EXPECT_EQ(implied_volatility_black_scholes(Side::call, 100.0, 100.0, 90.0, 0.25, 0.1).status,
            PricingStatus::above_maximum);
  const OptionAnalytics a = analyse_option(base(Side::call, 150.0, 90.0));
  EXPECT_EQ(a.status, PricingStatus::above_maximum);
  expect_no_nan(a);
}

TEST(Status, Expired) {
  for (double years : {0.0, -0.0, -1.0 / 365.0, -kInf}) {
    EXPECT_EQ(implied_volatility_black76(Side::call, 5.0, 100.0, 100.0, years).status,
              PricingStatus::expired);
    EXPECT_EQ(implied_volatility_black_scholes(Side::put, 5.0, 100.0, 100.0, years, 0.1).status,
              PricingStatus::expired);
    MarketInputs in = base(Side::put, 5.0, 100.0);
    in.years = years;
    const OptionAnalytics a = analyse_option(in);
    EXPECT_EQ(a.status, PricingStatus::expired);
    expect_no_nan(a);
    in.underlying_is_forward = false;
    EXPECT_EQ(analyse_option(in).status, PricingStatus::expired);
  }
}

TEST(Status, InvalidInputs) {
  const std::vector<double> bad = {kNaN, kInf, -kInf, -1.0};
  for (bool forward : {true, false}) {
    for (double v : bad) {
      for (int field = 0; field < 3; ++field) {
        MarketInputs in = base(Side::call, 5.0, 100.0);
        in.underlying_is_forward = forward;
        if (field == 0) in.premium = v;
        if (field == 1) in.strike = v;
        if (field == 2) in.underlying = v;
        const OptionAnalytics a = analyse_option(in);
        EXPECT_EQ(a.status, PricingStatus::invalid_input) << field << " " << v;
        expect_no_nan(a);
      }
    }
    for (double v : {0.0}) {
      MarketInputs in = base(Side::call, 5.0, v);
      in.underlying_is_forward = forward;
      EXPECT_EQ(analyse_option(in).status, PricingStatus::invalid_input);
    }
    MarketInputs in = base(Side::call, 5.0, 100.0);
    in.underlying_is_forward = forward;
    in.years = kNaN;
    EXPECT_EQ(analyse_option(in).status, PricingStatus::invalid_input);
    in.years = kInf;
    EXPECT_EQ(analyse_option(in).status, PricingStatus::invalid_input);
    in.years = 0.25;
    in.rate = kNaN;
    EXPECT_EQ(analyse_option(in).status, PricingStatus::invalid_input);
    in.rate = 0.1;
    in.dividend_yield = kInf;
    EXPECT_EQ(analyse_option(in).status, PricingStatus::invalid_input);
  }
  EXPECT_EQ(implied_volatility_black76(Side::call, 5.0, 100.0, 100.0, 0.25, 0.0).status,
            PricingStatus::invalid_input);
  EXPECT_EQ(normalised_implied_volatility(kNaN, 0.0, Side::call).status,
            PricingStatus::invalid_input);
}

TEST(Status, NoInformation) {
  // Exactly intrinsic (in and at the money), and a zero premium out of the money.
  EXPECT_EQ(implied_volatility_black76(Side::call, 10.0, 100.0, 90.0, 0.25).status,
            PricingStatus::no_information);
  EXPECT_EQ(implied_volatility_black76(Side::put, 0.0, 100.0, 90.0, 0.25).status,
            PricingStatus::no_information);
  EXPECT_EQ(implied_volatility_black76(Side::call, 0.0, 100.0, 100.0, 0.25).status,
            PricingStatus::no_information);
  // Within a few ulps of intrinsic: indistinguishable from it.
  EXPECT_EQ(
      implied_volatility_black76(Side::call, std::nextafter(10.0, 11.0), 100.0, 90.0, 0.25).status,
      PricingStatus::no_information);
  EXPECT_EQ(
      implied_volatility_black76(Side::call, std::nextafter(10.0, 9.0), 100.0, 90.0, 0.25).status,
      PricingStatus::no_information);
  // Within a few ulps of the maximum.
  EXPECT_EQ(
      implied_volatility_black76(Side::call, std::nextafter(100.0, 0.0), 100.0, 90.0, 0.25).status,
      PricingStatus::no_information);
  const OptionAnalytics a = analyse_option(base(Side::call, 10.0, 90.0));
  EXPECT_EQ(a.status, PricingStatus::no_information);
  expect_no_nan(a);
}

TEST(Status, OkOutputsFiniteOverExtremes) {
  // A sweep of extreme but valid inputs: whatever the status, nothing is NaN, ok means finite.
  for (double premium : {1e-300, 1e-12, 0.05, 1.0, 40.0, 99.0}) {
    for (double strike : {1e-3, 1.0, 60.0, 100.0, 140.0, 1e6}) {
      for (double years : {1e-12, 1.0 / 525600.0, 0.1, 30.0}) {
        for (Side side : kBothSides) {
          for (bool forward : {true, false}) {
            MarketInputs in = base(side, premium, strike);
            in.years = years;
            in.rate = 0.1;
            in.underlying_is_forward = forward;
            const OptionAnalytics a = analyse_option(in);
            expect_no_nan(a);
          }
        }
      }
    }
  }
}

TEST(Status, Names) {
  EXPECT_EQ(status_name(PricingStatus::ok), "ok");
  EXPECT_EQ(status_name(PricingStatus::below_intrinsic), "below_intrinsic");
  EXPECT_EQ(status_name(PricingStatus::above_maximum), "above_maximum");
  EXPECT_EQ(status_name(PricingStatus::expired), "expired");
  EXPECT_EQ(status_name(PricingStatus::invalid_input), "invalid_input");
  EXPECT_EQ(status_name(PricingStatus::no_information), "no_information");
}

}  // namespace
}  // namespace strikeline::pricing
