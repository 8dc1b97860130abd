// Future ticks -> 1-minute future bars (bars/future_bars.h, through the BarAggregator): each bar
// equals the one written out by hand from the ticks: price OHLC by tick time (a late tick in its
// place), volume from differences of the cumulative day volume (a baseline first observation after
// the open counts 0, one at the open counts whole, a drop is a reset), the last OI, the spot at the
// newest tick, observed_at rounded up; a changed cumulative volume re-emits the next minute; a
// new IST day starts a new baseline; an earlier day's tick makes no bar.
#include <gtest/gtest.h>

#include "bars/bar_aggregator.h"

namespace future_bars_test {

using namespace strikeline;
using namespace std::chrono_literals;

const Date kDay = std::chrono::sys_days{std::chrono::year{2026} / 11 / 24};
const Expiry kNear = std::chrono::sys_days{std::chrono::year{2026} / 11 / 24};

UtcSeconds ist(Date d, int h, int m, int s = 0) {
  return ist_time_on(d, std::chrono::hours{h} + std::chrono::minutes{m}) + std::chrono::seconds{s};
}

FutureTick fut(Timestamp ts, double price, std::optional<std::int64_t> volume,
               std::optional<std::int64_t> oi) {
  return FutureTick{ts, "NIFTY", kNear, price, volume, oi};
}

std::vector<FutureBar> drain(BarAggregator& agg) {
  std::vector<FutureBar> out;
  agg.drain_futures(out);
  return out;
}

TEST(FutureBars, TicksMakeTheHandComputedMinuteBars) {
  BarAggregator agg;
  const UtcSeconds m0 = ist(kDay, 10, 0);  // after the open: the first volume is a baseline
  agg.add(UnderlyingTick{Timestamp{m0}, "NIFTY", 24000.0});
  agg.add(fut(Timestamp{m0 + 5s}, 24100.0, 1'000'000, 5'000'000));
  agg.add(fut(Timestamp{m0 + 20s}, 24110.5, 1'000'650, 5'001'300));
  agg.add(UnderlyingTick{Timestamp{m0 + 30s}, "NIFTY", 24010.0});
  agg.add(fut(Timestamp{m0 + 40s + 250ms}, 24095.0, 1'001'300, std::nullopt));
  agg.add(fut(Timestamp{m0 + 10s}, 24090.0, std::nullopt, std::nullopt));  // late, in the middle
  agg.add(fut(Timestamp{m0 + 60s + 1s}, 24120.0, 1'002'600, 5'002'600));
  const std::vector<FutureBar> bars = drain(agg);
  ASSERT_EQ(bars.size(), 2u);

  FutureBar first;
  first.key = FutureBarKey{"NIFTY", kNear, m0};
  first.has_price = true;
  first.open = 24100.0;  // the 10:00:05 tick is the earliest
  first.high = 24110.5;
  first.low = 24090.0;         // the late 10:00:10 tick
  first.close = 24095.0;       // the 10:00:40.25 tick is the newest
  first.volume = 0;            // the day's first observation after the open: a baseline
  first.oi = 5'001'300;        // the newest tick with an OI
  first.underlying = 24010.0;  // the spot at the newest tick
  first.observed_at = m0 + 41s;
  first.count = 4;
  EXPECT_EQ(bars[0], first);

  FutureBar second;
  second.key = FutureBarKey{"NIFTY", kNear, m0 + 60s};
  second.has_price = true;
  second.open = second.high = second.low = second.close = 24120.0;
  second.volume = 2'600 - 1'300;  // against the previous minute's last cumulative volume
  second.oi = 5'002'600;
  second.underlying = 24010.0;
  second.observed_at = m0 + 61s;
  second.count = 1;
  EXPECT_EQ(bars[1], second);

  // A late tick raising the first minute's cumulative volume changes both minutes' volumes.
  agg.add(fut(Timestamp{m0 + 50s}, 24096.0, 1'001'950, std::nullopt));
  const std::vector<FutureBar> again = drain(agg);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].volume, 0);
  EXPECT_EQ(again[0].close, 24096.0);
  EXPECT_EQ(again[1].volume, 2'600 - 1'950);
  EXPECT_TRUE(drain(agg).empty());
}

TEST(FutureBars, OpenResetAndNewDay) {
  BarAggregator agg;
  const UtcSeconds open = ist(kDay, 9, 15);
  // At the open the first cumulative volume was all traded in that minute.
  agg.add(fut(Timestamp{open + 2s}, 24000.0, 65'000, 1'000'000));
  // A drop is a reset: the new cumulative counts as traded since it.
  agg.add(fut(Timestamp{open + 61s}, 24001.0, 1'300, 1'000'650));
  std::vector<FutureBar> bars = drain(agg);
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_EQ(bars[0].volume, 65'000);
  EXPECT_EQ(bars[1].volume, 1'300);
  EXPECT_FALSE(bars[0].underlying);  // no spot seen yet

  // The next IST day: a new baseline after its open; the previous day's tick makes no bar.
  const Date next = kDay + std::chrono::days{1};
  agg.add(fut(Timestamp{ist(next, 11, 0, 1)}, 24050.0, 90'000, 1'100'000));
  agg.add(fut(Timestamp{open + 120s}, 24002.0, 2'000, 1'000'700));
  bars = drain(agg);
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].key.bucket, ist(next, 11, 0));
  EXPECT_EQ(bars[0].volume, 0);
  EXPECT_EQ(bars[0].oi, 1'100'000);
}

TEST(FutureBars, BarsPassTheStorageCheckAndBadOnesAreNamed) {
  FutureBar bar;
  bar.key = FutureBarKey{"NIFTY", kNear, ist(kDay, 10, 0)};
  bar.has_price = true;
  bar.open = bar.high = bar.low = bar.close = 24000;
  EXPECT_FALSE(future_bar_problem(bar));
  FutureBar unordered = bar;
  unordered.high = 23990;
  EXPECT_TRUE(future_bar_problem(unordered));
  FutureBar off_minute = bar;
  off_minute.key.bucket += 7s;
  EXPECT_TRUE(future_bar_problem(off_minute));
  FutureBar negative = bar;
  negative.oi = -1;
  EXPECT_TRUE(future_bar_problem(negative));
  FutureBar late = bar;
  late.observed_at = bar.key.bucket + 61s;
  EXPECT_TRUE(future_bar_problem(late));
}

}  // namespace future_bars_test
