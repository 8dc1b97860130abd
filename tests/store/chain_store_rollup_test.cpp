// Rollups of the chain store: every rule of DESIGN.md's table, through 1min -> 3/5/15/30min ->
// 1hour -> 1day, bucket alignment, late corrections and idempotent re-sends. Expected values are
// computed by hand from rollup_fixture.h's bars.
#include <gtest/gtest.h>

#include "rollup_fixture.h"
#include "store/chain_store.h"

namespace strikeline {
namespace {

using namespace testing;

class ChainStoreRollup : public ::testing::Test {
 protected:
  void SetUp() override { store.apply(rollup_bars()); }

  StrikeBar one(Timeframe tf, UtcSeconds bucket, std::int64_t strike = 24300) {
    return bar_of(store.snapshot()->bucket("NIFTY", kExpiry, tf, bucket), strike);
  }

  ChainStore store;
};

TEST_F(ChainStoreRollup, OneMinuteBarsReadBackAsWritten) {
  const std::vector<StrikeBar> written = rollup_bars();
  for (const StrikeBar& bar : written) {
    expect_bar_close(one(Timeframe::m1, bar.key.bucket, bar.key.strike.hundredths() / 100), bar);
  }
  const auto bucket = store.snapshot()->bucket("NIFTY", kExpiry, Timeframe::m1, ist(kDay, 9, 16));
  ASSERT_EQ(bucket.size(), 2u);
  EXPECT_EQ(bucket[0].key.strike, strike_rupees(24300));
  EXPECT_EQ(bucket[1].key.strike, strike_rupees(24350));
}

TEST_F(ChainStoreRollup, FiveMinuteBucketFoldsItsMinutes) {
  // 09:15-09:20 holds b1, b2, b3. Greeks weighted by ticks with Greeks (b3 has none, so it does
  // not pull them towards 0): iv (20*2 + 23*1) / 3 = 21, delta (1.0 + 0.4) / 3, gamma
  // (0.004 + 0.003) / 3, theta (-20 - 12) / 3, vega (16 + 9) / 3. Volume 100 + 50 + 30 = 180,
  // ticks 3 + 1 + 2 = 6. OI and its change: the last present (b2: 1100, 110; b3 has none).
  // Premium: open of b1 (10), max high (15), min low (9), close of b2 (14). Underlying: last
  // present (b2: 24320).
  const StrikeBar five = one(Timeframe::m5, ist(kDay, 9, 15));
  EXPECT_EQ(five.key.timeframe, Timeframe::m5);
  EXPECT_EQ(five.key.bucket, ist(kDay, 9, 15));
  EXPECT_EQ(five.call.analytics_count, 3u);
  EXPECT_EQ(five.call.count, 6u);
  EXPECT_EQ(five.call.volume, 180);
  EXPECT_EQ(five.call.oi, 1100);
  EXPECT_EQ(five.call.oi_change, 110);
  expect_close(five.call.iv, 21.0, "iv");
  expect_close(five.call.delta, 1.4 / 3, "delta");
  expect_close(five.call.gamma, 0.007 / 3, "gamma");
  expect_close(five.call.theta, -32.0 / 3, "theta");
  expect_close(five.call.vega, 25.0 / 3, "vega");
  EXPECT_TRUE(five.call.has_premium);
  expect_close(five.call.open, 10, "open");
  expect_close(five.call.high, 15, "high");
  expect_close(five.call.low, 9, "low");
  expect_close(five.call.close, 14, "close");
  ASSERT_TRUE(five.underlying_close);
  expect_close(*five.underlying_close, 24320, "underlying");
  // Put: ticks 1 + 1, volume 10, OI last present (b1's 500), no Greeks, no premium.
  EXPECT_EQ(five.put.count, 2u);
  EXPECT_EQ(five.put.volume, 10);
  EXPECT_EQ(five.put.oi, 500);
  EXPECT_EQ(five.put.oi_change, std::nullopt);
  EXPECT_EQ(five.put.analytics_count, 0u);
  EXPECT_FALSE(five.put.has_premium);

  // The 3-minute bucket 09:15-09:18 holds the same three bars; 09:21-09:24 only b4.
  expect_bar_close(one(Timeframe::m3, ist(kDay, 9, 15)), [&] {
    StrikeBar expected = five;
    expected.key.timeframe = Timeframe::m3;
    return expected;
  }());
  EXPECT_EQ(one(Timeframe::m3, ist(kDay, 9, 21)).call.volume, 20);
  EXPECT_EQ(one(Timeframe::m5, ist(kDay, 9, 20)).call.volume, 20);
}

TEST_F(ChainStoreRollup, FifteenMinuteBucketFoldsItsMinutes) {
  // 09:15-09:30 holds b1..b4: iv (40 + 23 + 0 + 78) / 6 = 23.5, delta (1.0 + 0.4 + 1.8) / 6,
  // gamma 0.010 / 6, theta -56 / 6, vega 46 / 6; volume 200, ticks 9; OI 1200 / 210 (b4); premium
  // 10 / 15 / 8 / 9; underlying 24300 (b4). Put: OI 700 / -50 (b4), volume 10, ticks 4.
  const StrikeBar q = one(Timeframe::m15, ist(kDay, 9, 15));
  EXPECT_EQ(q.call.analytics_count, 6u);
  EXPECT_EQ(q.call.count, 9u);
  EXPECT_EQ(q.call.volume, 200);
  EXPECT_EQ(q.call.oi, 1200);
  EXPECT_EQ(q.call.oi_change, 210);
  expect_close(q.call.iv, 23.5, "iv");
  expect_close(q.call.delta, 3.2 / 6, "delta");
  expect_close(q.call.gamma, 0.010 / 6, "gamma");
  expect_close(q.call.theta, -56.0 / 6, "theta");
  expect_close(q.call.vega, 46.0 / 6, "vega");
  expect_close(q.call.open, 10, "open");
  expect_close(q.call.high, 15, "high");
  expect_close(q.call.low, 8, "low");
  expect_close(q.call.close, 9, "close");
  expect_close(*q.underlying_close, 24300, "underlying");
  EXPECT_EQ(q.put.oi, 700);
  EXPECT_EQ(q.put.oi_change, -50);
  EXPECT_EQ(q.put.volume, 10);
  EXPECT_EQ(q.put.count, 4u);
}

TEST_F(ChainStoreRollup, ThirtyMinuteAndHourBucketsStartAt0915Ist) {
  // 09:15-09:45 and 09:15-10:15 both hold b1..b5: iv (141 + 30) / 7, delta 3.5 / 7 = 0.5, gamma
  // 0.014 / 7 = 0.002, theta -70 / 7 = -10, vega 56 / 7 = 8; volume 205, ticks 10; OI 1300 / 310;
  // premium 10 / 15 / 7 / 7.5; underlying 24290.
  for (Timeframe tf : {Timeframe::m30, Timeframe::h1}) {
    SCOPED_TRACE(std::string(timeframe_name(tf)));
    const StrikeBar b = one(tf, ist(kDay, 9, 15));
    EXPECT_EQ(b.call.analytics_count, 7u);
    EXPECT_EQ(b.call.count, 10u);
    EXPECT_EQ(b.call.volume, 205);
    EXPECT_EQ(b.call.oi, 1300);
    EXPECT_EQ(b.call.oi_change, 310);
    expect_close(b.call.iv, 171.0 / 7, "iv");
    expect_close(b.call.delta, 0.5, "delta");
    expect_close(b.call.gamma, 0.002, "gamma");
    expect_close(b.call.theta, -10, "theta");
    expect_close(b.call.vega, 8, "vega");
    expect_close(b.call.open, 10, "open");
    expect_close(b.call.high, 15, "high");
    expect_close(b.call.low, 7, "low");
    expect_close(b.call.close, 7.5, "close");
    expect_close(*b.underlying_close, 24290, "underlying");
    // The next bucket (10:15) holds only b6.
    EXPECT_EQ(one(tf, ist(kDay, 10, 15)).call.volume, 40);
  }
  const auto snap = store.snapshot();
  const UtcSeconds open = ist(kDay, 9, 15), close = ist(kDay, 15, 30);
  EXPECT_EQ(snap->bucket_times("NIFTY", kExpiry, Timeframe::m30, open, close),
            (std::vector{ist(kDay, 9, 15), ist(kDay, 10, 15)}));
  EXPECT_EQ(snap->bucket_times("NIFTY", kExpiry, Timeframe::h1, open, close),
            (std::vector{ist(kDay, 9, 15), ist(kDay, 10, 15)}));
  EXPECT_EQ(snap->bucket_times("NIFTY", kExpiry, Timeframe::m15, open, close),
            (std::vector{ist(kDay, 9, 15), ist(kDay, 9, 30), ist(kDay, 10, 15)}));
  EXPECT_EQ(snap->bucket_times("NIFTY", kExpiry, Timeframe::m5, open, close),
            (std::vector{ist(kDay, 9, 15), ist(kDay, 9, 20), ist(kDay, 9, 30), ist(kDay, 10, 20)}));
  // An epoch-aligned hour would start at 09:30 IST (04:00 UTC): no such bucket exists.
  EXPECT_TRUE(snap->bucket("NIFTY", kExpiry, Timeframe::h1, ist(kDay, 9, 30)).empty());
  EXPECT_TRUE(snap->bucket("NIFTY", kExpiry, Timeframe::m30, ist(kDay, 9, 0)).empty());
}

TEST_F(ChainStoreRollup, DayBucketIsTheIstCalendarDay) {
  // b1..b6: iv (171 + 36) / 9 = 23, delta (3.5 + 1.1) / 9, gamma 0.018 / 9 = 0.002, theta
  // -88 / 9, vega 68 / 9; volume 245, ticks 12; OI 1250 / 260 (b6); premium 10 / 15 / 6 / 9;
  // underlying 24330. Put: ticks 5, volume 10, OI 650 / -100, premium only from b6.
  const UtcSeconds midnight = ist(kDay, 0, 0);
  EXPECT_EQ(epoch_seconds(midnight), epoch_seconds(ist_day_start(kDay)));
  EXPECT_EQ(
      store.snapshot()->bucket_times("NIFTY", kExpiry, Timeframe::d1, midnight, ist(kDay, 23, 59)),
      std::vector{midnight});
  const StrikeBar d = one(Timeframe::d1, midnight);
  EXPECT_EQ(d.key.timeframe, Timeframe::d1);
  EXPECT_EQ(d.call.analytics_count, 9u);
  EXPECT_EQ(d.call.count, 12u);
  EXPECT_EQ(d.call.volume, 245);
  EXPECT_EQ(d.call.oi, 1250);
  EXPECT_EQ(d.call.oi_change, 260);
  expect_close(d.call.iv, 23, "iv");
  expect_close(d.call.delta, 4.6 / 9, "delta");
  expect_close(d.call.gamma, 0.002, "gamma");
  expect_close(d.call.theta, -88.0 / 9, "theta");
  expect_close(d.call.vega, 68.0 / 9, "vega");
  expect_close(d.call.open, 10, "open");
  expect_close(d.call.high, 15, "high");
  expect_close(d.call.low, 6, "low");
  expect_close(d.call.close, 9, "close");
  expect_close(*d.underlying_close, 24330, "underlying");
  EXPECT_EQ(d.put.count, 5u);
  EXPECT_EQ(d.put.volume, 10);
  EXPECT_EQ(d.put.oi, 650);
  EXPECT_EQ(d.put.oi_change, -100);
  EXPECT_TRUE(d.put.has_premium);
  expect_close(d.put.open, 20, "put open");
  expect_close(d.put.close, 20.5, "put close");
  // The other strike's day is its one bar.
  EXPECT_EQ(one(Timeframe::d1, midnight, 24350).call.volume, 7);
}

TEST_F(ChainStoreRollup, LateBarCorrectsEveryRollupAboveIt) {
  // A corrected 09:16 bar (volume 80 instead of 50, high 20, iv 29) and a late 09:18 bar whose
  // OI is the newest of the 09:15 five-minute bucket but older than b4's in the 15-minute one.
  StrikeBar b2 = at(9, 16, 24300, 24320);
  b2.call = side({.count = 1,
                  .analytics = 1,
                  .iv = 29,
                  .delta = 0.4,
                  .gamma = 0.003,
                  .theta = -12,
                  .vega = 9,
                  .volume = 80,
                  .oi = 1100,
                  .oi_change = 110,
                  .ohlc = std::array{11.0, 20.0, 10.0, 14.0}});
  b2.put = side({.count = 1, .volume = 10});
  StrikeBar late = at(9, 18, 24300, std::nullopt);
  late.call = side({.count = 1, .volume = 1000, .oi = 9999});
  const auto before = store.snapshot();
  store.apply(std::vector{late, b2});

  expect_bar_close(one(Timeframe::m1, ist(kDay, 9, 16)), b2);
  // 5min 09:15: volume 100 + 80 + 30 + 1000, iv (40 + 29) / 3 = 23, high 20, OI 9999 (09:18),
  // OI change 110 (the 09:18 bar has none).
  const StrikeBar five = one(Timeframe::m5, ist(kDay, 9, 15));
  EXPECT_EQ(five.call.volume, 1210);
  EXPECT_EQ(five.call.count, 7u);
  expect_close(five.call.iv, 23, "iv");
  expect_close(five.call.high, 20, "high");
  EXPECT_EQ(five.call.oi, 9999);
  EXPECT_EQ(five.call.oi_change, 110);
  // 15min 09:15: volume 1230, iv (69 + 78) / 6 = 24.5, OI 1200 (b4 is later than 09:18).
  const StrikeBar q = one(Timeframe::m15, ist(kDay, 9, 15));
  EXPECT_EQ(q.call.volume, 1230);
  expect_close(q.call.iv, 24.5, "iv");
  EXPECT_EQ(q.call.oi, 1200);
  expect_close(q.call.high, 20, "high");
  // 1hour 09:15: volume 1235, iv (147 + 30) / 7. 1day: volume 1275, iv (177 + 36) / 9.
  const StrikeBar h = one(Timeframe::h1, ist(kDay, 9, 15));
  EXPECT_EQ(h.call.volume, 1235);
  expect_close(h.call.iv, 177.0 / 7, "iv");
  const StrikeBar d = one(Timeframe::d1, ist(kDay, 0, 0));
  EXPECT_EQ(d.call.volume, 1275);
  expect_close(d.call.iv, 213.0 / 9, "iv");
  expect_close(d.call.high, 20, "high");
  EXPECT_EQ(d.call.count, 13u);

  // The snapshot taken before still answers as before.
  const StrikeBar old_day =
      bar_of(before->bucket("NIFTY", kExpiry, Timeframe::d1, ist(kDay, 0, 0)));
  EXPECT_EQ(old_day.call.volume, 245);
  EXPECT_EQ(before->bucket("NIFTY", kExpiry, Timeframe::m1, ist(kDay, 9, 18)).size(), 0u);
}

TEST_F(ChainStoreRollup, ReapplyingTheSameBatchChangesNothing) {
  const auto before = store.snapshot();
  const std::size_t bars_before = store.memory().one_minute_bars;
  EXPECT_EQ(bars_before, 7u);
  const ApplyStats stats = store.apply(rollup_bars());
  EXPECT_EQ(stats.bars, 7u);
  EXPECT_EQ(store.memory().one_minute_bars, 7u);
  const auto after = store.snapshot();
  EXPECT_NE(before, after);
  expect_same_answers(*before, *after, "NIFTY", kExpiry, ist(kDay, 0, 0), ist(kDay, 23, 59));
}

TEST_F(ChainStoreRollup, LaterBarOfEqualKeyInOneBatchWins) {
  StrikeBar first = at(9, 40, 24300, 24000);
  first.call = side({.count = 1, .volume = 1});
  StrikeBar second = first;
  second.call.volume = 2;
  store.apply(std::vector{first, second});
  EXPECT_EQ(one(Timeframe::m1, ist(kDay, 9, 40)).call.volume, 2);
}

TEST_F(ChainStoreRollup, NewStrikeLaterInTheDayKeepsEveryEarlierBar) {
  StrikeBar newcomer = at(9, 32, 24325, 24295);
  newcomer.call = side({.count = 1, .volume = 3, .oi = 42});
  const auto before = store.snapshot();
  store.apply(std::vector{newcomer});
  const auto after = store.snapshot();
  EXPECT_EQ(after->strikes("NIFTY", kExpiry),
            (std::vector{strike_rupees(24300), strike_rupees(24325), strike_rupees(24350)}));
  for (Timeframe tf : kAllTimeframes) {
    const UtcSeconds b = bucket_start(tf, ist(kDay, 9, 16));
    EXPECT_EQ(bar_of(after->bucket("NIFTY", kExpiry, tf, b)),
              bar_of(before->bucket("NIFTY", kExpiry, tf, b)))
        << timeframe_name(tf);
    EXPECT_EQ(bar_of(after->bucket("NIFTY", kExpiry, tf, b), 24350),
              bar_of(before->bucket("NIFTY", kExpiry, tf, b), 24350))
        << timeframe_name(tf);
  }
  const auto hour = after->bucket("NIFTY", kExpiry, Timeframe::h1, ist(kDay, 9, 15));
  ASSERT_EQ(hour.size(), 3u);
  EXPECT_EQ(hour[1].key.strike, strike_rupees(24325));
  EXPECT_EQ(hour[1].call.oi, 42);
}

TEST(ChainStoreBoundaries, ThirtyMinuteBucketSpanningIstMidnightFoldsBothDays) {
  // 30-minute buckets are aligned to 09:15 IST, so 23:45-00:15 IST crosses the day boundary.
  ChainStore store;
  StrikeBar before_midnight = at(23, 50, 24300, 24000);
  before_midnight.call = side({.count = 1, .volume = 5, .oi = 10});
  StrikeBar after_midnight =
      minute_bar("NIFTY", kExpiry, 24300, ist(day_of(2025, 11, 4), 0, 5), 24010);
  after_midnight.call = side({.count = 1, .volume = 7, .oi = 20});
  store.apply(std::vector{after_midnight, before_midnight});
  const auto snap = store.snapshot();
  const StrikeBar half = bar_of(snap->bucket("NIFTY", kExpiry, Timeframe::m30, ist(kDay, 23, 45)));
  EXPECT_EQ(half.call.volume, 12);
  EXPECT_EQ(half.call.oi, 20);
  expect_close(*half.underlying_close, 24010, "underlying");
  // The day buckets stay apart.
  EXPECT_EQ(bar_of(snap->bucket("NIFTY", kExpiry, Timeframe::d1, ist(kDay, 0, 0))).call.volume, 5);
  EXPECT_EQ(bar_of(snap->bucket("NIFTY", kExpiry, Timeframe::d1, ist(day_of(2025, 11, 4), 0, 0)))
                .call.volume,
            7);
}

}  // namespace
}  // namespace strikeline
