// The seed tick generator and the aggregator agree with the seed bar generator: aggregating the
// generated ticks reproduces the generated bars' volume, OI, tick count and underlying.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>

#include "bars/bar_aggregator.h"
#include "feed/bar_generator.h"

using namespace strikeline;

namespace {

std::vector<StrikeBar> aggregate(const GeneratorOptions& o, AggregatorStats* stats = nullptr) {
  BarAggregator agg;
  for_each_seed_tick(o, [&](const MarketEvent& e) { agg.add(e); });
  if (stats) *stats = agg.stats();
  auto bars = agg.drain();
  std::sort(bars.begin(), bars.end(),
            [](const StrikeBar& a, const StrikeBar& b) { return a.key < b.key; });
  return bars;
}

std::vector<StrikeBar> sorted_seed_bars(const GeneratorOptions& o) {
  auto bars = generate_seed_bars(o);
  std::sort(bars.begin(), bars.end(),
            [](const StrikeBar& a, const StrikeBar& b) { return a.key < b.key; });
  return bars;
}

}  // namespace

TEST(SeedTicksAggregation, ReproducesTheSeedBars) {
  GeneratorOptions o;
  o.trading_days = 2;
  o.expiries = 1;
  o.strikes = 5;
  o.ticks_per_minute = 3;
  const auto aggregated = aggregate(o);
  const auto expected = sorted_seed_bars(o);
  ASSERT_EQ(aggregated.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const StrikeBar& a = aggregated[i];
    const StrikeBar& e = expected[i];
    ASSERT_EQ(a.key, e.key);
    ASSERT_EQ(a.underlying_close, e.underlying_close);
    for (Side s : kBothSides) {
      ASSERT_EQ(a.side(s).volume, e.side(s).volume) << i;
      ASSERT_EQ(a.side(s).oi, e.side(s).oi) << i;
      ASSERT_EQ(a.side(s).count, 3u);
      ASSERT_EQ(a.side(s).analytics_count, 3u);
    }
    // Day 2's change is against day 1's close, which the aggregator saw itself.
    if (ist_date(Timestamp{a.key.bucket}) == seed_trading_days(o)[1]) {
      ASSERT_EQ(a.call.oi_change, e.call.oi_change) << i;
    }
  }
}

TEST(SeedTicksAggregation, ComputedIvMatchesTheModel) {
  GeneratorOptions o;
  o.trading_days = 1;
  o.expiries = 2;
  o.strikes = 11;
  o.ticks_per_minute = 2;
  o.supply_analytics = false;
  AggregatorStats stats;
  const auto aggregated = aggregate(o, &stats);
  const auto expected = sorted_seed_bars(o);
  ASSERT_EQ(aggregated.size(), expected.size());
  EXPECT_EQ(stats.analytics_supplied, 0u);
  EXPECT_GT(stats.analytics_computed, stats.option_ticks * 9 / 10);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    for (Side s : kBothSides) {
      const SideBar& a = aggregated[i].side(s);
      const SideBar& e = expected[i].side(s);
      if (!a.has_analytics()) continue;
      // Premiums are rounded to 0.05 rupees: the IV recovered near the money is within 0.5 pt.
      ASSERT_NEAR(a.iv, e.iv, 0.5) << i;
      ASSERT_NEAR(a.delta, e.delta, 0.02) << i;
    }
  }
}
