// Adding a batch of events gives exactly the bars and stats of adding them one at a time, over a
// session that exercises every path of the analytics (supplied, computed from the spot and from
// futures, failed pricing, nothing to price) together with late ticks, refused ticks, window
// pruning and a day roll-over.
#include <gtest/gtest.h>

#include <cstdio>
#include <span>
#include <vector>

#include "bars/bar_aggregator.h"
#include "feed/bar_generator.h"

namespace strikeline {
namespace {

std::vector<MarketEvent> mixed_session() {
  const GeneratorOptions o{.trading_days = 2,
                           .expiries = 2,
                           .strikes = 9,
                           .ticks_per_minute = 2,
                           .supply_analytics = false};
  const std::vector<MarketEvent> generated = generate_seed_ticks(o);
  const Date second_day = seed_trading_days(o)[1];
  std::vector<MarketEvent> events;
  std::size_t option_ticks = 0;
  for (const MarketEvent& e : generated) {
    // No futures on the first day: its options are priced from the spot, the second day's from
    // their futures.
    if (const auto* f = std::get_if<FutureTick>(&e); f && ist_date(f->ts) < second_day) continue;
    const auto* option = std::get_if<OptionTick>(&e);
    if (option == nullptr) {
      events.push_back(e);
      continue;
    }
    OptionTick t = *option;
    switch (option_ticks++ % 7) {
      case 1:  // analytics supplied by the feed
        t.iv = 14.5;
        t.delta = 0.4;
        t.gamma = 0.0012;
        t.theta = -6.5;
        t.vega = 9.25;
        break;
      case 3:  // nothing to price with: no trade, no quote
        t.price.reset();
        t.bid.reset();
        t.ask.reset();
        break;
      case 5:  // above the maximum: pricing fails
        t.price = 1e7;
        break;
      default:
        break;
    }
    events.push_back(t);
    if (option_ticks % 53 == 0) {
      OptionTick late = t;  // within the late window
      late.ts -= std::chrono::minutes{3};
      events.push_back(late);
    }
    if (option_ticks % 211 == 0) {
      OptionTick too_late = t;  // before the late window: refused
      too_late.ts -= std::chrono::minutes{30};
      events.push_back(too_late);
    }
  }
  return events;
}

AggregatorConfig config() {
  AggregatorConfig c;
  c.late_window = std::chrono::minutes{10};
  return c;
}

// Drain points at irregular distances, so that batches split minutes anywhere.
std::vector<std::size_t> drain_points(std::size_t n) {
  std::vector<std::size_t> points;
  for (std::size_t at = 0, step = 37; at < n; step = step * 7 % 1009 + 1) {
    at = std::min(n, at + step);
    points.push_back(at);
  }
  return points;
}

TEST(BatchAdd, GivesTheBarsAndStatsOfOneAddPerEvent) {
  const std::vector<MarketEvent> events = mixed_session();
  const std::vector<std::size_t> points = drain_points(events.size());
  ASSERT_GT(points.size(), 20u);

  BarAggregator one_by_one(config());
  BarAggregator batched(config());
  std::vector<StrikeBar> expected;
  std::vector<StrikeBar> actual;
  std::size_t from = 0;
  for (std::size_t to : points) {
    for (std::size_t i = from; i < to; ++i) one_by_one.add(events[i]);
    batched.add(std::span<const MarketEvent>(events.data() + from, to - from));
    one_by_one.drain(expected);
    batched.drain(actual);
    from = to;
  }
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(actual[i], expected[i])
        << "bar " << i << " at " << format_iso_utc(expected[i].key.bucket);
  }

  EXPECT_TRUE(batched.stats() == one_by_one.stats());
  const AggregatorStats& e = one_by_one.stats();
  // The session reaches every path it is meant to.
  std::printf("computed %llu supplied %llu failed %llu unpriced %llu late %llu too late %llu\n",
              static_cast<unsigned long long>(e.analytics_computed),
              static_cast<unsigned long long>(e.analytics_supplied),
              static_cast<unsigned long long>(e.pricing_failed),
              static_cast<unsigned long long>(e.unpriced),
              static_cast<unsigned long long>(e.late_ticks),
              static_cast<unsigned long long>(e.too_late));
  EXPECT_GT(e.analytics_computed, 10000u);
  EXPECT_GT(e.analytics_supplied, 1000u);
  EXPECT_GT(e.pricing_failed, 1000u);
  EXPECT_GT(e.unpriced, 1000u);
  EXPECT_GT(e.late_ticks, 100u);
  EXPECT_GT(e.too_late, 10u);
  std::size_t with_analytics = 0;
  for (const StrikeBar& b : expected) with_analytics += b.call.has_analytics();
  EXPECT_GT(with_analytics, expected.size() / 2);
}

// A batch far larger than the aggregator keeps pending (it prices and applies as it goes).
TEST(BatchAdd, OneBatchOfAWholeSession) {
  const std::vector<MarketEvent> events = mixed_session();
  BarAggregator one_by_one(config());
  BarAggregator batched(config());
  for (const MarketEvent& e : events) one_by_one.add(e);
  batched.add(events);
  const std::vector<StrikeBar> expected = one_by_one.drain();
  const std::vector<StrikeBar> actual = batched.drain();
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(actual[i], expected[i]) << i;
  EXPECT_TRUE(batched.stats() == one_by_one.stats());
  EXPECT_GT(one_by_one.stats().option_ticks, 40000u);
}

}  // namespace
}  // namespace strikeline
