#include "feed/simulator/expiry_schedule.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace strikeline::sim;
using namespace std::chrono;

TEST(ExpirySchedule, WeeklyTuesdaysPlusTheMonthly) {
  const SimulatedSymbol nifty = *default_simulated_symbol("NIFTY");
  // Wednesday 2025-11-05 10:00 IST: next Tuesdays are 11, 18, 25 Nov and 2 Dec; 25 Nov is the
  // monthly.
  const Timestamp now{ist_time_on(sys_days{2025y / November / 5}, 10h)};
  const auto e = live_expiries(nifty, now, 4, SessionCalendar{});
  const std::vector<Expiry> expected = {
      sys_days{2025y / November / 11}, sys_days{2025y / November / 18},
      sys_days{2025y / November / 25}, sys_days{2025y / December / 2}};
  EXPECT_EQ(e, expected);
}

TEST(ExpirySchedule, MonthlyAddedWhenBeyondTheWeeklies) {
  const SimulatedSymbol nifty = *default_simulated_symbol("NIFTY");
  // Sunday 2025-11-30: Tuesdays 2, 9, 16, 23 Dec; the monthly 30 Dec is added as a fifth.
  const Timestamp now{ist_time_on(sys_days{2025y / November / 30}, 10h)};
  const auto e = live_expiries(nifty, now, 4, SessionCalendar{});
  ASSERT_EQ(e.size(), 5u);
  EXPECT_EQ(e.back(), sys_days{2025y / December / 30});
}

TEST(ExpirySchedule, ExpiryDayIsLiveUntilHalfPastThree) {
  const SimulatedSymbol nifty = *default_simulated_symbol("NIFTY");
  const sys_days tuesday = 2025y / November / 11;
  EXPECT_EQ(live_expiries(nifty, Timestamp{ist_time_on(tuesday, 15h + 29min)}, 4, SessionCalendar{})
                .front(),
            tuesday);
  EXPECT_EQ(live_expiries(nifty, Timestamp{ist_time_on(tuesday, 15h + 30min)}, 4, SessionCalendar{})
                .front(),
            tuesday + days{7});
}

TEST(ExpirySchedule, HolidayMovesExpiryToPreviousTradingDay) {
  const SimulatedSymbol nifty = *default_simulated_symbol("NIFTY");
  SessionCalendar calendar({sys_days{2025y / November / 18}});
  const auto e = live_expiries(nifty, Timestamp{ist_time_on(sys_days{2025y / November / 12}, 10h)},
                               2, calendar);
  EXPECT_EQ(e.front(), sys_days{2025y / November / 17});
}

TEST(ExpirySchedule, MonthliesOnly) {
  const SimulatedSymbol bank = *default_simulated_symbol("BANKNIFTY");
  const auto e = live_expiries(bank, Timestamp{ist_time_on(sys_days{2025y / November / 5}, 10h)}, 4,
                               SessionCalendar{});
  const std::vector<Expiry> expected = {
      sys_days{2025y / November / 25}, sys_days{2025y / December / 30},
      sys_days{2026y / January / 27}, sys_days{2026y / February / 24}};
  EXPECT_EQ(e, expected);
}
