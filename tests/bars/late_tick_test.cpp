#include <gtest/gtest.h>

#include "aggregator_fixture.h"

using namespace strikeline;
using namespace strikeline::test;

namespace {
OptionTick traded(Timestamp ts, std::int64_t cumulative, double price) {
  auto t = with_volume(tick(ts), cumulative);
  t.price = price;
  return t;
}
}  // namespace

TEST(LateTicks, UpdateTheirOwnMinuteAndTheVolumeBridge) {
  BarAggregator agg;
  agg.add(traded(ist(10, 0, 10), 1000, 100.0));  // baseline
  agg.add(traded(ist(10, 1, 10), 1600, 110.0));
  auto first = agg.drain();
  EXPECT_EQ(bar_at(first, bucket(10, 0)).call.volume, 0);
  EXPECT_EQ(bar_at(first, bucket(10, 1)).call.volume, 600);

  auto late = traded(ist(10, 0, 50), 1300, 104.0);
  late.oi = 50;
  EXPECT_EQ(agg.add(late), TickOutcome::aggregated);
  const auto second = agg.drain();
  ASSERT_EQ(second.size(), 2u);  // its own minute, and the next one whose bridge changed
  const StrikeBar& b0 = bar_at(second, bucket(10, 0));
  EXPECT_EQ(b0.call.count, 2u);
  EXPECT_EQ(b0.call.volume, 300);
  EXPECT_EQ(b0.call.open, 100.0);
  EXPECT_EQ(b0.call.close, 104.0);
  EXPECT_EQ(b0.call.high, 104.0);
  EXPECT_EQ(b0.call.oi, 50);
  const StrikeBar& b1 = bar_at(second, bucket(10, 1));
  EXPECT_EQ(b1.call.volume, 300);
  EXPECT_EQ(b1.call.count, 1u);
  EXPECT_EQ(agg.stats().late_ticks, 1u);
}

TEST(LateTicks, EarlierThanTheBaselineBecomesTheBaseline) {
  BarAggregator agg;
  agg.add(with_volume(tick(ist(10, 5, 0)), 5000));
  agg.add(with_volume(tick(ist(10, 6, 0)), 5200));
  agg.drain();
  agg.add(with_volume(tick(ist(10, 3, 0)), 4000));
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bar_at(bars, bucket(10, 3)).call.volume, 0);     // the new baseline
  EXPECT_EQ(bar_at(bars, bucket(10, 5)).call.volume, 1000);  // 4000 -> 5000
}

TEST(LateTicks, InsideAMinutesSpanKeepTheLatestValues) {
  BarAggregator agg;
  auto a = traded(ist(10, 0, 10), 100, 50.0);
  a.oi = 10;
  auto b = traded(ist(10, 0, 50), 300, 52.0);
  b.oi = 30;
  auto inside = traded(ist(10, 0, 30), 200, 49.0);
  inside.oi = 20;
  agg.add(a);
  agg.add(b);
  agg.add(inside);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].call.volume, 200);
  EXPECT_EQ(bars[0].call.oi, 30);
  EXPECT_EQ(bars[0].call.open, 50.0);
  EXPECT_EQ(bars[0].call.close, 52.0);
  EXPECT_EQ(bars[0].call.low, 49.0);
  EXPECT_EQ(bars[0].call.count, 3u);
}

TEST(LateTicks, BoundedWindow) {
  AggregatorConfig config;
  config.late_window = std::chrono::minutes{5};
  BarAggregator agg(config);
  agg.add(with_volume(tick(ist(10, 0, 0)), 100));  // baseline
  agg.add(with_volume(tick(ist(10, 10, 0)), 400));
  auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 2u);  // 10:00 was materialised when it left the window
  EXPECT_EQ(bar_at(bars, bucket(10, 10)).call.volume, 300);
  EXPECT_EQ(agg.add(with_volume(tick(ist(10, 2, 0)), 200)), TickOutcome::too_late);
  EXPECT_EQ(agg.add(with_volume(tick(ist(10, 6, 0)), 250)), TickOutcome::aggregated);
  bars = agg.drain();
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bar_at(bars, bucket(10, 6)).call.volume, 150);   // from the forgotten 10:00's 100
  EXPECT_EQ(bar_at(bars, bucket(10, 10)).call.volume, 150);  // 250 -> 400
}

TEST(LateTicks, EvictionKeepsPendingBarsAndForgetsExpiredContracts) {
  BarAggregator agg;
  agg.add(tick(ist(10, 0, 0)));
  agg.evict_before(sys_days{2025y / November / 12});  // the 11 Nov expiry is over
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].call.count, 1u);
  // The contract starts afresh.
  agg.add(tick(ist(10, 0, 30)));
  EXPECT_EQ(agg.drain().at(0).call.count, 1u);
}

// The aggregator keeps a minute's times as microseconds within the minute: ticks at its first and
// last microsecond, and late ones between them, order as their timestamps do.
TEST(LateTicks, TheMinutesFirstAndLastMicrosecondsOrderTheTicks) {
  BarAggregator agg;
  const Timestamp start = ist(10, 0, 0);
  const Timestamp newest = start + seconds{60} - microseconds{1};
  auto close = traded(newest, 500, 61.0);
  close.oi = 70;
  close.bid = 60.5;
  agg.add(close);
  auto open = traded(start, 100, 59.0);  // late: the minute's first microsecond
  open.oi = 10;
  open.bid = 58.5;
  open.ask = 59.5;
  agg.add(open);
  auto inside = traded(start + microseconds{1}, 300, 58.0);
  inside.oi = 20;
  agg.add(inside);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  const SideBar& c = bars[0].call;
  EXPECT_EQ(c.count, 3u);
  EXPECT_EQ(c.open, 59.0);
  EXPECT_EQ(c.close, 61.0);
  EXPECT_EQ(c.low, 58.0);
  EXPECT_EQ(c.high, 61.0);
  EXPECT_EQ(c.oi, 70);
  EXPECT_EQ(c.volume, 400);  // 100 -> 500 inside the minute, the first observation a baseline
  EXPECT_EQ(c.bid, 60.5);    // the newest tick's quote, taken whole: no offer
  EXPECT_FALSE(c.ask.has_value());
  EXPECT_FALSE(c.bid_qty.has_value());
  // The newest tick at 10:00:59.999999 rounds up to the next minute's start.
  EXPECT_EQ(c.observed_at, bucket(10, 1));
}

// A row that has not traded on a new day ends its day when the owner evicts: as its first tick of
// the new day would have (its pending bars drainable, its last OI the day's close, a late tick of
// the old day refused), with its minutes' memory given back.
TEST(LateTicks, EvictionEndsTheDayOfRowsThatHaveNotTradedOnTheNewDay) {
  BarAggregator agg;
  auto monday = traded(ist(15, 20, 0), 1000, 100.0);
  monday.oi = 5000;
  agg.add(monday);
  auto other = traded(ist(15, 21, 0), 50, 40.0);
  other.strike = strike_rupees(24400);
  other.oi = 700;
  agg.add(other);
  EXPECT_EQ(agg.held().rows, 2u);
  EXPECT_EQ(agg.held().row_minutes, 2u);
  agg.evict_before(kTuesday);
  EXPECT_EQ(agg.drain().size(), 2u);
  EXPECT_EQ(agg.held().rows, 2u);  // the 11 Nov expiry still trades
  EXPECT_EQ(agg.held().row_minutes, 0u);
  EXPECT_EQ(agg.add(traded(ist(15, 25, 0), 1100, 101.0)), TickOutcome::too_late);
  auto tuesday = traded(ist(9, 15, 5, kTuesday), 200, 99.0);
  tuesday.oi = 5600;
  EXPECT_EQ(agg.add(tuesday), TickOutcome::aggregated);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].call.oi_change, 600);  // against Monday's close
  EXPECT_EQ(agg.held().row_minutes, 1u);
}

// The aggregator ends those days itself once an option tick of a new IST day comes: a row that has
// not traded on Tuesday gives its Monday minutes back and refuses late Monday ticks, whoever owns
// the aggregator (the server, import, simulate).
TEST(LateTicks, ANewDaysFirstTickEndsTheDayOfTheRowsNotTradingOnIt) {
  BarAggregator agg;
  auto monday = traded(ist(15, 20, 0), 1000, 100.0);
  monday.oi = 5000;
  agg.add(monday);
  auto other = traded(ist(15, 21, 0), 50, 40.0);
  other.strike = strike_rupees(24400);
  other.oi = 700;
  agg.add(other);
  agg.drain();
  auto tuesday = traded(ist(9, 15, 5, kTuesday), 200, 99.0);
  tuesday.oi = 5600;
  EXPECT_EQ(agg.add(tuesday), TickOutcome::aggregated);
  EXPECT_EQ(agg.held().rows, 2u);
  EXPECT_EQ(agg.held().row_minutes, 1u);  // Tuesday's minute of 24300 only
  auto late = traded(ist(15, 25, 0), 60, 41.0);
  late.strike = strike_rupees(24400);
  EXPECT_EQ(agg.add(late), TickOutcome::too_late);
  auto tuesday_other = traded(ist(9, 16, 0, kTuesday), 80, 42.0);
  tuesday_other.strike = strike_rupees(24400);
  tuesday_other.oi = 650;
  EXPECT_EQ(agg.add(tuesday_other), TickOutcome::aggregated);
  const auto bars = agg.drain();
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bar_at(bars, bucket(9, 16, kTuesday), 24400).call.oi_change,
            -50);  // against Monday's close
}
