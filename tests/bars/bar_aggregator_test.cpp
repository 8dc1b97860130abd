#include "bars/bar_aggregator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "aggregator_fixture.h"
#include "pricing/option_analytics.h"

using namespace strikeline;
using namespace strikeline::test;

TEST(BarAggregator, VolumeFromCumulativeDifferencesWithAReset) {
  BarAggregator agg;
  agg.add(with_volume(tick(ist(10, 0, 5)), 1000));   // first of the day, mid-session: baseline
  agg.add(with_volume(tick(ist(10, 0, 30)), 1500));  // +500
  agg.add(with_volume(tick(ist(10, 1, 10)), 1700));  // +200
  agg.add(with_volume(tick(ist(10, 1, 40)), 300));   // reset: 300 traded since
  agg.add(with_volume(tick(ist(10, 2, 10)), 450));   // +150
  agg.add(tick(ist(10, 3, 0)));                      // no volume field: nothing traded
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 4u);
  EXPECT_EQ(bar_at(bars, bucket(10, 0)).call.volume, 500);
  EXPECT_EQ(bar_at(bars, bucket(10, 1)).call.volume, 200 + 300);
  EXPECT_EQ(bar_at(bars, bucket(10, 2)).call.volume, 150);
  EXPECT_EQ(bar_at(bars, bucket(10, 3)).call.volume, 0);
  EXPECT_EQ(bar_at(bars, bucket(10, 0)).call.count, 2u);
  EXPECT_EQ(bar_at(bars, bucket(10, 0)).put.count, 0u);
}

TEST(BarAggregator, FirstObservationInTheOpeningMinuteCounts) {
  BarAggregator agg;
  agg.add(with_volume(tick(ist(9, 15, 2)), 800));  // everything since the open traded in 09:15
  agg.add(with_volume(tick(ist(9, 16, 0)), 1000));
  agg.add(with_volume(tick(ist(9, 15, 40), Side::put), 65));
  const auto bars = agg.drain();
  EXPECT_EQ(bar_at(bars, bucket(9, 15)).call.volume, 800);
  EXPECT_EQ(bar_at(bars, bucket(9, 15)).put.volume, 65);
  EXPECT_EQ(bar_at(bars, bucket(9, 16)).call.volume, 200);
}

TEST(BarAggregator, OpenInterestIsTheLastObservedValue) {
  BarAggregator agg;
  auto t1 = tick(ist(10, 0, 1));
  t1.oi = 100;
  auto t2 = tick(ist(10, 0, 20));
  t2.oi = 300;
  auto t3 = tick(ist(10, 0, 50));
  t3.oi = 200;
  auto t4 = tick(ist(10, 0, 59));  // no OI: does not erase it
  for (const auto& t : {t1, t2, t3, t4}) agg.add(t);
  auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].call.oi, 200);  // not the sum 600, not the maximum 300
  EXPECT_FALSE(bars[0].put.oi);
  EXPECT_FALSE(bars[0].call.oi_change);  // no previous day known
}

TEST(BarAggregator, GreeksAreMeansOverTicksThatHadThem) {
  BarAggregator agg;
  agg.add(with_analytics(tick(ist(10, 0, 1)), 10.0, 0.50, 0.0010, -5.0, 10.0));
  agg.add(tick(ist(10, 0, 2)));  // nothing to price with: not a zero
  agg.add(with_analytics(tick(ist(10, 0, 3)), 14.0, 0.30, 0.0020, -7.0, 12.0));
  auto partial = tick(ist(10, 0, 4));
  partial.iv = 99.0;  // IV without Greeks and without a premium: unusable, not counted
  agg.add(partial);
  auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  const SideBar& c = bars[0].call;
  EXPECT_EQ(c.count, 4u);
  EXPECT_EQ(c.analytics_count, 2u);
  EXPECT_DOUBLE_EQ(c.iv, 12.0);
  EXPECT_DOUBLE_EQ(c.delta, 0.40);
  EXPECT_DOUBLE_EQ(c.gamma, 0.0015);
  EXPECT_DOUBLE_EQ(c.theta, -6.0);
  EXPECT_DOUBLE_EQ(c.vega, 11.0);
  EXPECT_FALSE(bars[0].put.has_analytics());
  EXPECT_EQ(agg.stats().analytics_supplied, 2u);
  EXPECT_EQ(agg.stats().unpriced, 2u);
}

TEST(BarAggregator, ComputesIvFromSpotWhenMissing) {
  BarAggregator agg;
  agg.add(UnderlyingTick{ist(10, 0, 0), "NIFTY", 24350.75});
  auto t = tick(ist(10, 0, 30));
  t.price = 152.4;
  agg.add(t);
  auto put = tick(ist(10, 0, 40), Side::put);
  put.bid = 110.0;  // no last price: the mid 110.5 is priced
  put.ask = 111.0;
  agg.add(put);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  const auto expected = pricing::analyse_option(
      {Side::call, 152.4, 24300.0, 24350.75, false, years_to_expiry(kExpiry, t.ts), 0.10, 0.0});
  ASSERT_EQ(expected.status, pricing::PricingStatus::ok);
  EXPECT_EQ(bars[0].call.analytics_count, 1u);
  EXPECT_DOUBLE_EQ(bars[0].call.iv, expected.iv_percent);
  EXPECT_DOUBLE_EQ(bars[0].call.delta, expected.delta);
  EXPECT_DOUBLE_EQ(bars[0].call.gamma, expected.gamma);
  EXPECT_DOUBLE_EQ(bars[0].call.theta, expected.theta);
  EXPECT_DOUBLE_EQ(bars[0].call.vega, expected.vega);
  const auto expected_put = pricing::analyse_option(
      {Side::put, 110.5, 24300.0, 24350.75, false, years_to_expiry(kExpiry, put.ts), 0.10, 0.0});
  EXPECT_DOUBLE_EQ(bars[0].put.iv, expected_put.iv_percent);
  EXPECT_FALSE(bars[0].put.has_premium);  // OHLC comes from traded prices only
  EXPECT_EQ(agg.stats().analytics_computed, 2u);
}

TEST(BarAggregator, PrefersTheFutureAsForwardAndUsesTheSymbolsRate) {
  AggregatorConfig config;
  config.rate_by_symbol["NIFTY"] = 0.065;
  BarAggregator agg(config);
  agg.add(UnderlyingTick{ist(10, 0, 0), "NIFTY", 24350.75});
  agg.add(FutureTick{ist(10, 0, 1), "NIFTY", sys_days{2025y / November / 25}, 24500.0});
  auto t = tick(ist(10, 0, 5));  // expiry 11 Nov: the 25 Nov future is not its forward
  t.price = 152.4;
  agg.add(t);
  agg.add(FutureTick{ist(10, 0, 10), "NIFTY", kExpiry, 24420.0});
  auto t2 = tick(ist(10, 0, 20), Side::put);
  t2.price = 90.0;
  agg.add(t2);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  const auto spot_priced = pricing::analyse_option(
      {Side::call, 152.4, 24300.0, 24350.75, false, years_to_expiry(kExpiry, t.ts), 0.065, 0.0});
  const auto forward_priced = pricing::analyse_option(
      {Side::put, 90.0, 24300.0, 24420.0, true, years_to_expiry(kExpiry, t2.ts), 0.065, 0.0});
  EXPECT_DOUBLE_EQ(bars[0].call.iv, spot_priced.iv_percent);
  EXPECT_DOUBLE_EQ(bars[0].put.iv, forward_priced.iv_percent);
  EXPECT_DOUBLE_EQ(bars[0].put.delta, forward_priced.delta);
}

TEST(BarAggregator, FailedPricingIsNotCounted) {
  BarAggregator agg;
  agg.add(UnderlyingTick{ist(10, 0, 0), "NIFTY", 24350.75});
  auto below_intrinsic = tick(ist(10, 0, 5), Side::call, 24000);  // intrinsic ~ 350
  below_intrinsic.price = 1.0;
  agg.add(below_intrinsic);
  auto no_spot = tick(ist(10, 0, 6));
  no_spot.symbol = "BANKNIFTY";  // no BANKNIFTY spot yet: cannot be priced
  no_spot.price = 300.0;
  agg.add(no_spot);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 2u);
  for (const auto& b : bars) {
    EXPECT_EQ(b.call.count, 1u);
    EXPECT_FALSE(b.call.has_analytics());
    EXPECT_TRUE(b.call.has_premium);
  }
  EXPECT_EQ(agg.stats().pricing_failed, 1u);
  EXPECT_EQ(agg.stats().unpriced, 1u);
}

TEST(BarAggregator, PremiumOhlcFromTradedPrices) {
  BarAggregator agg;
  for (auto [s, p] : {std::pair{1.0, 100.0}, {10.0, 105.0}, {20.0, 98.0}, {30.0, 102.0}}) {
    auto t = tick(ist(10, 0, s));
    t.price = p;
    agg.add(t);
  }
  auto zero = tick(ist(10, 0, 40));
  zero.price = 0.0;  // no trade yet: not a price
  agg.add(zero);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  const SideBar& c = bars[0].call;
  EXPECT_TRUE(c.has_premium);
  EXPECT_EQ(c.open, 100.0);
  EXPECT_EQ(c.high, 105.0);
  EXPECT_EQ(c.low, 98.0);
  EXPECT_EQ(c.close, 102.0);
}

TEST(BarAggregator, UnderlyingCloseIsTheSpotAtTheBarsLatestTick) {
  BarAggregator agg;
  agg.add(UnderlyingTick{ist(10, 0, 0), "NIFTY", 24350.0});
  agg.add(tick(ist(10, 0, 10)));
  agg.add(UnderlyingTick{ist(10, 0, 20), "NIFTY", 24360.0});
  agg.add(tick(ist(10, 0, 30), Side::put));
  agg.add(UnderlyingTick{ist(10, 0, 50), "NIFTY", 24370.0});  // after the bar's last tick
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].underlying_close, 24360.0);
}

TEST(BarAggregator, CallAndPutShareOneRowPerStrike) {
  BarAggregator agg;
  agg.add(tick(ist(10, 0, 1), Side::call, 24300));
  agg.add(tick(ist(10, 0, 2), Side::put, 24300));
  agg.add(tick(ist(10, 0, 3), Side::put, 24350));
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 2u);
  const StrikeBar& b = bar_at(bars, bucket(10, 0), 24300);
  EXPECT_EQ(b.key.symbol, "NIFTY");
  EXPECT_EQ(b.key.expiry, kExpiry);
  EXPECT_EQ(b.key.timeframe, Timeframe::m1);
  EXPECT_EQ(b.call.count, 1u);
  EXPECT_EQ(b.put.count, 1u);
  EXPECT_EQ(bar_at(bars, bucket(10, 0), 24350).call.count, 0u);
}

TEST(BarAggregator, DrainReturnsEachChangedBarOnce) {
  BarAggregator agg;
  agg.add(tick(ist(10, 0, 1)));
  agg.add(tick(ist(10, 0, 2)));
  agg.add(tick(ist(10, 1, 0)));
  EXPECT_EQ(agg.pending(), 2u);
  EXPECT_EQ(agg.drain().size(), 2u);
  EXPECT_TRUE(agg.drain().empty());
  agg.add(tick(ist(10, 1, 30)));  // the forming bucket changes again
  const auto again = agg.drain();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].key.bucket, bucket(10, 1));
  EXPECT_EQ(again[0].call.count, 2u);
}

TEST(BarAggregator, OiChangeAgainstThePreviousDaysClose) {
  BarAggregator agg;
  auto oi_tick = [](Timestamp ts, std::int64_t oi) {
    auto t = tick(ts);
    t.oi = oi;
    return t;
  };
  agg.add(oi_tick(ist(15, 28, 0), 1000));
  agg.add(oi_tick(ist(15, 29, 30), 1200));  // Monday's close
  auto monday = agg.drain();
  EXPECT_FALSE(bar_at(monday, bucket(15, 29)).call.oi_change);
  agg.add(oi_tick(ist(9, 15, 5, kTuesday), 1500));
  agg.add(oi_tick(ist(9, 16, 5, kTuesday), 900));
  auto tuesday = agg.drain();
  EXPECT_EQ(bar_at(tuesday, bucket(9, 15, kTuesday)).call.oi_change, 300);
  EXPECT_EQ(bar_at(tuesday, bucket(9, 16, kTuesday)).call.oi_change, -300);
  // Monday's ticks arriving on Tuesday are too late: refused, nothing changes.
  EXPECT_EQ(agg.add(oi_tick(ist(15, 29, 50), 5)), TickOutcome::too_late);
  EXPECT_TRUE(agg.drain().empty());
  EXPECT_EQ(agg.stats().too_late, 1u);
}

TEST(BarAggregator, SeededPreviousClose) {
  BarAggregator agg;
  const Date friday = sys_days{2025y / October / 31};
  agg.seed_previous_close("NIFTY", kExpiry, strike_rupees(24300), Side::put, friday, 4000);
  agg.seed_previous_close("NIFTY", kExpiry, strike_rupees(24300), Side::put, kMonday, 9999);
  auto t = tick(ist(9, 20, 0), Side::put);
  t.oi = 4650;
  agg.add(t);
  auto bars = agg.drain();
  // A close seeded for Monday itself is not Monday's previous close.
  EXPECT_EQ(bar_at(bars, bucket(9, 20)).put.oi_change, 650);

  // Seeding from stored bars: the newest bar of each day is that day's close.
  BarAggregator from_bars;
  StrikeBar early, late;
  early.key = {"NIFTY", kExpiry, strike_rupees(24300), Timeframe::m1, bucket(15, 0, friday)};
  early.call.oi = 3000;
  late.key = {"NIFTY", kExpiry, strike_rupees(24300), Timeframe::m1, bucket(15, 29, friday)};
  late.call.oi = 3500;
  const std::vector<StrikeBar> stored{late, early};  // order does not matter
  from_bars.seed_previous_closes(stored);
  auto c = tick(ist(9, 20, 0));
  c.oi = 3600;
  from_bars.add(c);
  EXPECT_EQ(bar_at(from_bars.drain(), bucket(9, 20)).call.oi_change, 100);
}

TEST(BarAggregator, NonsenseValuesAreIgnoredNotAggregated) {
  BarAggregator agg;
  EXPECT_EQ(agg.add(UnderlyingTick{ist(10, 0, 0), "NIFTY", -5.0}), TickOutcome::ignored);
  EXPECT_EQ(agg.add(UnderlyingTick{ist(10, 0, 0), "NIFTY", std::nan("")}), TickOutcome::ignored);
  auto t = tick(ist(10, 0, 1));
  t.price = std::numeric_limits<double>::infinity();
  t.oi = -1;
  t.cumulative_volume = -10;
  t.iv = std::nan("");
  t.delta = t.gamma = t.theta = t.vega = 0.1;
  EXPECT_EQ(agg.add(t), TickOutcome::aggregated);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].call.count, 1u);
  EXPECT_FALSE(bars[0].call.oi);
  EXPECT_FALSE(bars[0].call.has_premium);
  EXPECT_FALSE(bars[0].call.has_analytics());
  EXPECT_EQ(bars[0].call.volume, 0);
  EXPECT_FALSE(bars[0].underlying_close);
}

// The quote: the newest tick that carried one gives the bar's whole quote (a later tick without a
// quote erases nothing; a later quote without quantities leaves none); a late tick with an older
// quote changes nothing; prices of 0 (an empty side of the book), negative or unstorable
// quantities are absent.
TEST(BarAggregator, QuoteIsTheNewestTicksTopOfTheBook) {
  BarAggregator agg;
  auto quoted = [](Timestamp ts, std::optional<double> bid, std::optional<double> ask,
                   std::optional<std::int64_t> bid_qty, std::optional<std::int64_t> ask_qty) {
    auto t = tick(ts);
    t.bid = bid;
    t.ask = ask;
    t.bid_qty = bid_qty;
    t.ask_qty = ask_qty;
    return t;
  };
  agg.add(quoted(ist(10, 0, 5), 101.0, 101.5, 750, 300));
  agg.add(quoted(ist(10, 0, 40), 101.2, 101.4, std::nullopt, std::nullopt));
  agg.add(tick(ist(10, 0, 50)));                                   // no quote
  agg.add(quoted(ist(10, 0, 20), 99.0, 99.5, 75, 75));             // late: older than 10:00:40
  agg.add(quoted(ist(10, 1, 3), 0.0, 102.0, 75, -5));              // no bid, no offer size
  agg.add(quoted(ist(10, 2, 3), 103.0, 103.1, 5'000'000'000, 0));  // bid size unstorable
  const auto bars = agg.drain();
  const SideBar& first = bar_at(bars, bucket(10, 0)).call;
  EXPECT_EQ(first.bid, 101.2);
  EXPECT_EQ(first.ask, 101.4);
  EXPECT_FALSE(first.bid_qty || first.ask_qty);
  const SideBar& second = bar_at(bars, bucket(10, 1)).call;
  EXPECT_FALSE(second.bid);
  EXPECT_EQ(second.ask, 102.0);
  EXPECT_EQ(second.bid_qty, 75);
  EXPECT_FALSE(second.ask_qty);
  const SideBar& third = bar_at(bars, bucket(10, 2)).call;
  EXPECT_EQ(third.bid, 103.0);
  EXPECT_FALSE(third.bid_qty);
  EXPECT_EQ(third.ask_qty, 0);
  EXPECT_FALSE(bar_at(bars, bucket(10, 0)).put.has_quote());
}
