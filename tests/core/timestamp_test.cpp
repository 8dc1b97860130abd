#include "core/timestamp.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace std::chrono;

TEST(EpochParam, SecondsAndMilliseconds) {
  EXPECT_EQ(epoch_seconds(*parse_epoch_param("1730379600")), 1730379600);
  EXPECT_EQ(epoch_seconds(*parse_epoch_param("1730379600000")), 1730379600);  // above 10^11: ms
  EXPECT_EQ(epoch_seconds(*parse_epoch_param("1730379600.9")), 1730379600);
  EXPECT_EQ(epoch_seconds(*parse_epoch_param("100000000000")),
            100000000000);  // exactly 10^11: seconds
  EXPECT_EQ(epoch_seconds(*parse_epoch_param("100000000001")), 100000000);
  EXPECT_FALSE(parse_epoch_param(""));
  EXPECT_FALSE(parse_epoch_param("abc"));
  EXPECT_FALSE(parse_epoch_param("-5"));
  EXPECT_FALSE(parse_epoch_param("1e400"));
  EXPECT_FALSE(parse_epoch_param("nan"));
  EXPECT_FALSE(parse_epoch_param("12x"));
}

TEST(TimestampText, IsoAndPostgresForms) {
  const auto expected = Timestamp{sys_days{2025y / November / 4} + 3h + 45min};
  EXPECT_EQ(parse_timestamp_text("2025-11-04 03:45:00+00"), expected);
  EXPECT_EQ(parse_timestamp_text("2025-11-04T03:45:00Z"), expected);
  EXPECT_EQ(parse_timestamp_text("2025-11-04T09:15:00+05:30"), expected);
  EXPECT_EQ(parse_timestamp_text("2025-11-04 09:15:00+0530"), expected);
  EXPECT_EQ(parse_timestamp_text("2025-11-04T03:45"), expected);
  EXPECT_EQ(parse_timestamp_text("1762227900"), expected);
  EXPECT_EQ(parse_timestamp_text("1762227900000"), expected);
  EXPECT_EQ(parse_timestamp_text("2025-11-04 03:45:00.25+00"), expected + 250ms);
  EXPECT_EQ(parse_timestamp_text("2025-11-04"), Timestamp{sys_days{2025y / November / 4}});
}

TEST(TimestampText, RejectsMalformed) {
  for (const char* bad : {"", "2025-13-01", "2025-02-30", "2025-11-04X03:45", "2025-11-04 25:00:00",
                          "2025-11-04 03:45:00+99", "yesterday", "2025-11-04 03:45:00 UTC+"}) {
    EXPECT_FALSE(parse_timestamp_text(bad)) << bad;
  }
}

TEST(Dates, StrictCalendarDates) {
  EXPECT_EQ(parse_date("2024-02-29"), sys_days{2024y / February / 29});
  EXPECT_FALSE(parse_date("2025-02-29"));
  EXPECT_FALSE(parse_date("2025-1-04"));
  EXPECT_FALSE(parse_date("04-11-2025"));
  EXPECT_EQ(format_date(sys_days{2025y / November / 4}), "2025-11-04");
  EXPECT_EQ(format_iso_utc(strikeline::utc_seconds(1762227900)), "2025-11-04T03:45:00Z");
}

TEST(Ist, DatesAndWallClock) {
  // 2025-11-03 20:00 UTC is 2025-11-04 01:30 IST.
  EXPECT_EQ(ist_date(Timestamp{sys_days{2025y / November / 3} + 20h}),
            sys_days{2025y / November / 4});
  EXPECT_EQ(ist_date(Timestamp{sys_days{2025y / November / 3} + 18h + 29min}),
            sys_days{2025y / November / 3});
  EXPECT_EQ(ist_time_on(sys_days{2025y / November / 4}, 9h + 15min),
            sys_days{2025y / November / 4} + 3h + 45min);
}

TEST(EpochFraction, Microseconds) {
  auto ts = timestamp_from_epoch(1730379601.25);
  ASSERT_TRUE(ts);
  EXPECT_EQ(ts->time_since_epoch().count(), 1730379601250000);
  EXPECT_DOUBLE_EQ(epoch_seconds_fraction(*ts), 1730379601.25);
  EXPECT_FALSE(timestamp_from_epoch(std::numeric_limits<double>::infinity()));
}

TEST(DateText, IsoAndNseStyles) {
  EXPECT_EQ(parse_nse_date("08-Dec-2026"), sys_days{2026y / December / 8});
  EXPECT_EQ(parse_nse_date("31-MAR-2022"), sys_days{2022y / March / 31});
  EXPECT_EQ(parse_nse_date(" 29-feb-2024 "), sys_days{2024y / February / 29});
  EXPECT_FALSE(parse_nse_date("29-Feb-2025"));  // not a date
  EXPECT_FALSE(parse_nse_date("8-Dec-2026"));
  EXPECT_FALSE(parse_nse_date("08-Dez-2026"));
  EXPECT_FALSE(parse_nse_date("08-December-2026"));
  EXPECT_FALSE(parse_nse_date("2026-12-08"));
  EXPECT_EQ(parse_date_text("2026-12-08"), sys_days{2026y / December / 8});
  EXPECT_EQ(parse_date_text("08-Dec-2026"), sys_days{2026y / December / 8});
  EXPECT_FALSE(parse_date_text("08/12/2026"));
}

TEST(IstTimestampText, WithoutAnOffsetIsIndianTime) {
  // 2026-12-04 10:30 IST is 05:00 UTC.
  const auto expected = Timestamp{sys_days{2026y / December / 4} + 5h};
  EXPECT_EQ(parse_ist_timestamp_text("2026-12-04 10:30"), expected);
  EXPECT_EQ(parse_ist_timestamp_text("2026-12-04T10:30:00"), expected);
  EXPECT_EQ(parse_ist_timestamp_text("04-Dec-2026 10:30:00"), expected);
  EXPECT_EQ(parse_ist_timestamp_text("2026-12-04T10:30:00+05:30"), expected);  // offsets kept
  EXPECT_EQ(parse_ist_timestamp_text("2026-12-04T05:00:00Z"), expected);
  EXPECT_EQ(parse_ist_timestamp_text("2026-12-04T00:00:00-05:00"), expected);
  EXPECT_EQ(parse_ist_timestamp_text("1796360400"), expected);  // epoch seconds: absolute
  EXPECT_EQ(parse_ist_timestamp_text("2026-12-04"),
            Timestamp{sys_days{2026y / December / 4}} - kIstOffset);  // IST midnight
  EXPECT_FALSE(parse_ist_timestamp_text("2026-12-04 25:00"));
  EXPECT_FALSE(parse_ist_timestamp_text("tomorrow"));
}
