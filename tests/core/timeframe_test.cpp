#include "core/timeframe.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace std::chrono;

TEST(Timeframe, EverySpellingOfApiMd) {
  const std::pair<const char*, Timeframe> cases[] = {
      {"1", Timeframe::m1},     {"1m", Timeframe::m1},   {"1min", Timeframe::m1},
      {"3", Timeframe::m3},     {"3m", Timeframe::m3},   {"3min", Timeframe::m3},
      {"5", Timeframe::m5},     {"5m", Timeframe::m5},   {"5min", Timeframe::m5},
      {"15", Timeframe::m15},   {"15m", Timeframe::m15}, {"15min", Timeframe::m15},
      {"30", Timeframe::m30},   {"30m", Timeframe::m30}, {"30min", Timeframe::m30},
      {"60", Timeframe::h1},    {"1h", Timeframe::h1},   {"60min", Timeframe::h1},
      {"1hour", Timeframe::h1}, {"1d", Timeframe::d1},   {"D", Timeframe::d1},
      {"1day", Timeframe::d1},
  };
  for (auto [text, tf] : cases) EXPECT_EQ(parse_timeframe(text), tf) << text;
}

TEST(Timeframe, RejectsEverythingElse) {
  // "5m" and "15m" are minutes; months, weeks, seconds and other spellings are refused.
  for (const char* bad : {"", "2", "10", "1M", "5M", "1mo", "1w", "1W", "d", "day", "1s", "hour",
                          "4h", "1 min", "5mins", "1Day", "1H", "-5", "0"}) {
    EXPECT_FALSE(parse_timeframe(bad)) << bad;
  }
  EXPECT_NE(accepted_timeframes().find("1hour"), std::string_view::npos);
}

TEST(Timeframe, CanonicalNames) {
  EXPECT_EQ(timeframe_name(Timeframe::m1), "1min");
  EXPECT_EQ(timeframe_name(Timeframe::m15), "15min");
  EXPECT_EQ(timeframe_name(Timeframe::h1), "1hour");
  EXPECT_EQ(timeframe_name(Timeframe::d1), "1day");
  for (Timeframe tf : kAllTimeframes) EXPECT_EQ(parse_timeframe(timeframe_name(tf)), tf);
}

namespace {
UtcSeconds ist(sys_days d, minutes m) {
  return ist_time_on(d, m);
}
}  // namespace

TEST(BucketStart, MinuteBucketsAlignToEpoch) {
  const sys_days day = 2025y / November / 4;
  // 10:07:42 IST -> 1min 10:07, 3min 10:06 (epoch-aligned: 04:36 UTC), 5min 10:05, 15min 10:00.
  const UtcSeconds t = ist(day, 10h + 7min) + 42s;
  EXPECT_EQ(bucket_start(Timeframe::m1, t), ist(day, 10h + 7min));
  EXPECT_EQ(bucket_start(Timeframe::m3, t), ist(day, 10h + 6min));
  EXPECT_EQ(bucket_start(Timeframe::m5, t), ist(day, 10h + 5min));
  EXPECT_EQ(bucket_start(Timeframe::m15, t), ist(day, 10h));
  // 09:15 IST is aligned for every minute timeframe.
  for (Timeframe tf : {Timeframe::m1, Timeframe::m3, Timeframe::m5, Timeframe::m15}) {
    EXPECT_EQ(bucket_start(tf, ist(day, 9h + 15min)), ist(day, 9h + 15min));
  }
}

TEST(BucketStart, HalfHourAndHourAlignToSessionOpen) {
  const sys_days day = 2025y / November / 4;
  EXPECT_EQ(bucket_start(Timeframe::m30, ist(day, 9h + 15min)), ist(day, 9h + 15min));
  EXPECT_EQ(bucket_start(Timeframe::m30, ist(day, 9h + 44min) + 59s), ist(day, 9h + 15min));
  EXPECT_EQ(bucket_start(Timeframe::m30, ist(day, 9h + 45min)), ist(day, 9h + 45min));
  EXPECT_EQ(bucket_start(Timeframe::m30, ist(day, 15h + 29min)), ist(day, 15h + 15min));
  EXPECT_EQ(bucket_start(Timeframe::h1, ist(day, 10h + 14min)), ist(day, 9h + 15min));
  EXPECT_EQ(bucket_start(Timeframe::h1, ist(day, 10h + 15min)), ist(day, 10h + 15min));
  EXPECT_EQ(bucket_start(Timeframe::h1, ist(day, 15h + 29min)), ist(day, 15h + 15min));
}

TEST(BucketStart, DayIsTheIstCalendarDay) {
  const sys_days day = 2025y / November / 4;
  const UtcSeconds midnight_ist = ist(day, 0min);  // 2025-11-03 18:30 UTC
  EXPECT_EQ(bucket_start(Timeframe::d1, ist(day, 9h + 15min)), midnight_ist);
  EXPECT_EQ(bucket_start(Timeframe::d1, ist(day, 15h + 30min)), midnight_ist);
  EXPECT_EQ(bucket_start(Timeframe::d1, midnight_ist - 1s), midnight_ist - days{1});
  EXPECT_EQ(epoch_seconds(midnight_ist),
            epoch_seconds(UtcSeconds{sys_days{2025y / November / 3} + 18h + 30min}));
}

TEST(BucketStart, BeforeEpochFloorsDown) {
  EXPECT_EQ(epoch_seconds(bucket_start(Timeframe::m5, strikeline::utc_seconds(-1))), -300);
}
