// Pricing on the synthetic forward (--forward synthetic): a chain whose prices come from a forward
// that is not the spot grown at the rate (Black-76 written here) gets back its own volatility
// when priced on the implied forward, and not when priced on the spot with the rate (the
// default without a future); --forward spot ignores a known future. Both write paths: the tick
// aggregator (bars/parity_book.h) and the end-of-day records (bars/daily_bars.h).
#include <gtest/gtest.h>

#include <cmath>

#include "aggregator_fixture.h"
#include "bars/daily_bars.h"
#include "bars/parity_book.h"
#include "pricing/option_analytics.h"

using namespace strikeline;
using namespace strikeline::test;

namespace synthetic_forward_test {

constexpr double kSpot = 24350.0;
constexpr double kForward = 24480.0;  // the spot grown at 10 % over 8 days would be 24403
constexpr double kSigma = 0.15;
constexpr double kRate = 0.10;

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double black76(Side side, double strike, double years) {
  const double s = kSigma * std::sqrt(years);
  const double d1 = std::log(kForward / strike) / s + s / 2;
  const double d2 = d1 - s;
  const double discount = std::exp(-kRate * years);
  return side == Side::call ? discount * (kForward * normal_cdf(d1) - strike * normal_cdf(d2))
                            : discount * (strike * normal_cdf(-d2) - kForward * normal_cdf(-d1));
}

// Both sides of strikes 24200..24700 traded in minute 10:00 and again in 10:01 IST, at prices
// from kForward (at each tick's own time to expiry).
std::vector<StrikeBar> aggregate(AggregatorConfig config, bool with_future = false) {
  BarAggregator agg(config);
  agg.add(UnderlyingTick{ist(9, 59, 0), "NIFTY", kSpot});
  if (with_future) agg.add(FutureTick{ist(9, 59, 1), "NIFTY", kExpiry, 24600.0});
  for (int minute : {0, 1}) {
    int second = 0;
    for (std::int64_t k = 24200; k <= 24700; k += 50) {
      for (Side side : {Side::call, Side::put}) {
        OptionTick t = tick(ist(10, minute, second++), side, k);
        t.price = black76(side, static_cast<double>(k), years_to_expiry(kExpiry, t.ts));
        agg.add(t);
      }
    }
  }
  return agg.drain();
}

TEST(SyntheticForward, TheAggregatorRecoversTheChainsVolatility) {
  AggregatorConfig config;
  config.forward = ForwardSource::synthetic;
  const std::vector<StrikeBar> bars = aggregate(config);
  for (std::int64_t k = 24200; k <= 24700; k += 50) {
    // Minute 10:01: every tick is priced on a book that holds the whole chain.
    const StrikeBar& bar = bar_at(bars, bucket(10, 1), k);
    EXPECT_NEAR(bar.call.iv, 100 * kSigma, 1e-4) << k;
    EXPECT_NEAR(bar.put.iv, 100 * kSigma, 1e-4) << k;
  }
  // The default without a future prices on the spot with the rate: a forward 77 points low.
  const std::vector<StrikeBar> on_spot = aggregate(AggregatorConfig{});
  EXPECT_GT(std::fabs(bar_at(on_spot, bucket(10, 1), 24500).call.iv - 100 * kSigma), 0.5);
}

TEST(SyntheticForward, SpotIgnoresAKnownFuture) {
  AggregatorConfig config;
  config.forward = ForwardSource::spot;
  const std::vector<StrikeBar> spot_bars = aggregate(config, true);
  const std::vector<StrikeBar> default_bars = aggregate(AggregatorConfig{}, true);
  const StrikeBar& spot_bar = bar_at(spot_bars, bucket(10, 0), 24500);
  const StrikeBar& default_bar = bar_at(default_bars, bucket(10, 0), 24500);
  // Priced on the spot: the same IV as a spot-only aggregation; by default: on the future.
  EXPECT_DOUBLE_EQ(spot_bar.call.iv,
                   bar_at(aggregate(AggregatorConfig{}), bucket(10, 0), 24500).call.iv);
  EXPECT_NE(default_bar.call.iv, spot_bar.call.iv);
}

TEST(SyntheticForward, ParityBookKeepsTheNewestPricePerSide) {
  ParityBook book;
  const Timestamp t0 = ist(10, 0, 0);
  book.observe(100, Side::call, t0, 3.0, std::nullopt, std::nullopt);
  EXPECT_EQ(book.forward(100, 0.0, kRate), std::nullopt);  // no put yet
  book.observe(100, Side::put, t0, 2.0, std::nullopt, std::nullopt);
  EXPECT_DOUBLE_EQ(*book.forward(100, 0.0, kRate), 101.0);
  // A two-sided quote's mid replaces the last price; a late tick changes nothing.
  book.observe(100, Side::put, t0 + std::chrono::seconds{5}, std::nullopt, 1.5, 2.5);
  EXPECT_DOUBLE_EQ(*book.forward(100, 0.0, kRate), 101.0);
  book.observe(100, Side::put, t0 + std::chrono::seconds{6}, std::nullopt, 0.5, 1.5);
  EXPECT_DOUBLE_EQ(*book.forward(100, 0.0, kRate), 102.0);
  book.observe(100, Side::put, t0 + std::chrono::seconds{1}, 9.0, std::nullopt, std::nullopt);
  EXPECT_DOUBLE_EQ(*book.forward(100, 0.0, kRate), 102.0);
  // A one-sided quote: back to the last price (2.0).
  book.observe(100, Side::put, t0 + std::chrono::seconds{7}, std::nullopt, 1.0, std::nullopt);
  EXPECT_DOUBLE_EQ(*book.forward(100, 0.0, kRate), 101.0);
}

TEST(SyntheticForward, DailyBarsPriceOnTheDaysImpliedForward) {
  const Date day = sys_days{2025y / November / 3};
  const Timestamp close{daily_bar_time(day)};
  const double years = years_to_expiry(kExpiry, close);
  std::vector<EndOfDayRecord> records;
  for (std::int64_t k = 24200; k <= 24700; k += 50) {
    for (Side side : {Side::call, Side::put}) {
      EndOfDayRecord r;
      r.day = day;
      r.symbol = "NIFTY";
      r.expiry = kExpiry;
      r.strike = strike_rupees(k);
      r.side = side;
      r.close = black76(side, static_cast<double>(k), years);
      r.settle = r.close;
      r.volume_contracts = 10;
      r.lot = 75;
      r.underlying = kSpot;
      records.push_back(r);
    }
  }
  DailyBarOptions options;
  options.forward = ForwardSource::synthetic;
  const DailyBars synthetic = build_daily_bars(records, options);
  ASSERT_EQ(synthetic.bars.size(), 11u);
  for (const StrikeBar& bar : synthetic.bars) {
    EXPECT_NEAR(bar.call.iv, 100 * kSigma, 1e-4);
    EXPECT_NEAR(bar.put.iv, 100 * kSigma, 1e-4);
  }
  const DailyBars on_spot = build_daily_bars(records, DailyBarOptions{});
  EXPECT_GT(std::fabs(on_spot.bars[6].call.iv - 100 * kSigma), 0.5);
}

}  // namespace synthetic_forward_test
