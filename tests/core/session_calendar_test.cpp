#include "core/session_calendar.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace std::chrono;

TEST(SessionCalendar, WeekendsAndHolidays) {
  std::string error;
  const auto holidays =
      SessionCalendar::parse_holidays("# NSE 2025\n2025-11-05  # Guru Nanak Jayanti\n\n", &error);
  ASSERT_TRUE(holidays) << error;
  EXPECT_EQ(*holidays, std::set<Date>{sys_days{2025y / November / 5}});
  SessionCalendar cal(*holidays);
  EXPECT_TRUE(cal.is_trading_day(sys_days{2025y / November / 4}));   // Tuesday
  EXPECT_FALSE(cal.is_trading_day(sys_days{2025y / November / 5}));  // holiday
  EXPECT_FALSE(cal.is_trading_day(sys_days{2025y / November / 8}));  // Saturday
  EXPECT_FALSE(cal.is_trading_day(sys_days{2025y / November / 9}));  // Sunday
  EXPECT_EQ(cal.next_trading_day(sys_days{2025y / November / 4}), sys_days{2025y / November / 6});
  EXPECT_EQ(cal.previous_trading_day(sys_days{2025y / November / 10}),
            sys_days{2025y / November / 7});
  EXPECT_EQ(cal.previous_trading_day(sys_days{2025y / November / 6}),
            sys_days{2025y / November / 4});
}

TEST(SessionCalendar, RejectsBadHolidayLines) {
  std::string error;
  EXPECT_FALSE(SessionCalendar::parse_holidays("2025-11-05\nnext tuesday\n", &error));
  EXPECT_NE(error.find("line 2"), std::string::npos);
}

TEST(SessionCalendar, SessionHoursIst) {
  SessionCalendar cal;
  const sys_days day = 2025y / November / 4;
  EXPECT_EQ(cal.session_open(day), day + 3h + 45min);
  EXPECT_EQ(cal.session_close(day), day + 10h);
  EXPECT_FALSE(cal.in_session(Timestamp{day + 3h + 44min + 59s}));
  EXPECT_TRUE(cal.in_session(Timestamp{day + 3h + 45min}));
  EXPECT_TRUE(cal.in_session(Timestamp{day + 9h + 59min}));
  EXPECT_FALSE(cal.in_session(Timestamp{day + 10h}));
  EXPECT_FALSE(cal.in_session(Timestamp{sys_days{2025y / November / 8} + 5h}));
  // Saturday belongs to Friday's trading day.
  EXPECT_EQ(cal.trading_day_of(Timestamp{sys_days{2025y / November / 8} + 5h}),
            sys_days{2025y / November / 7});
}
