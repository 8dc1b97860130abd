// Random and absurd events never crash the aggregator (run under ASan/UBSan in CI), and what it
// emits stays well-formed: non-negative volumes, finite means, one row per key per drain.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "aggregator_fixture.h"

using namespace strikeline;
using namespace strikeline::test;

TEST(AggregatorRobustness, RandomAndAbsurdEvents) {
  std::uint64_t s = 0xC0FFEEull;
  auto next = [&] {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  };
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(next() % n); };
  const double prices[] = {
      152.4,   0.05,  1e300, -3.0, 0.0, std::nan(""), std::numeric_limits<double>::infinity(),
      24350.0, 1e-300};
  const std::int64_t volumes[] = {0,         65,
                                  1'000'000, std::numeric_limits<std::int64_t>::max(),
                                  -5,        std::numeric_limits<std::int64_t>::max() - 1};
  const Expiry expiries[] = {kExpiry, sys_days{2025y / October / 1}, sys_days{2030y / January / 1}};
  AggregatorConfig config;
  config.late_window = std::chrono::minutes{pick(2) ? 0 : 30};
  BarAggregator agg(config);
  std::size_t emitted = 0;
  for (int i = 0; i < 20000; ++i) {
    const Date day = kMonday + std::chrono::days{static_cast<int>(pick(3))};
    const Timestamp ts = ist(9 + static_cast<int>(pick(7)), static_cast<int>(pick(60)),
                             static_cast<double>(pick(60)), day);
    switch (pick(6)) {
      case 0:
        agg.add(UnderlyingTick{ts, pick(2) ? "NIFTY" : "BANKNIFTY", prices[pick(9)]});
        break;
      case 1:
        agg.add(FutureTick{ts, "NIFTY", expiries[pick(3)], prices[pick(9)]});
        break;
      default: {
        auto t = tick(ts, pick(2) ? Side::call : Side::put, 24000 + 50 * static_cast<int>(pick(5)));
        t.expiry = expiries[pick(3)];
        if (pick(2)) t.price = prices[pick(9)];
        if (pick(2)) t.cumulative_volume = volumes[pick(6)];
        if (pick(2)) t.oi = volumes[pick(6)];
        if (pick(3) == 0) {
          t.iv = prices[pick(9)];
          t.delta = prices[pick(9)];
          t.gamma = t.theta = t.vega = 0.5;
        }
        if (pick(4) == 0) {
          t.bid = prices[pick(9)];
          t.ask = prices[pick(9)];
        }
        agg.add(t);
      }
    }
    if (pick(50) == 0) {
      const auto bars = agg.drain();
      std::set<BarKey> keys;
      for (const StrikeBar& b : bars) {
        ASSERT_TRUE(keys.insert(b.key).second);
        for (Side side : kBothSides) {
          const SideBar& sb = b.side(side);
          ASSERT_GE(sb.volume, 0);
          if (sb.has_analytics()) {
            ASSERT_TRUE(std::isfinite(sb.iv));
            ASSERT_TRUE(std::isfinite(sb.delta));
          }
        }
      }
      emitted += bars.size();
    }
    if (pick(5000) == 0) agg.evict_before(day);
  }
  EXPECT_GT(emitted, 0u);
  EXPECT_GT(agg.stats().too_late, 0u);
}
