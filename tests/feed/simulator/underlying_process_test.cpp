#include "feed/simulator/underlying_process.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace strikeline::sim {
namespace underlying_process_test {

using namespace std::chrono;

struct DayPath {
  double first = 0, last = 0, low = 0, high = 0, last_vol = 0;
};

// Steps a process through every second of an IST day.
DayPath walk_day(const SimulatedSymbol& symbol, Date day, bool around_the_clock) {
  UnderlyingProcess process(symbol, 42, day, around_the_clock);
  DayPath path;
  const UtcSeconds start = ist_time_on(day, 0min);
  const UtcSeconds end = ist_time_on(day + days{1}, 0min);
  for (UtcSeconds t = start; t < end; t += 1s) {
    process.step(t);
    if (t == start) path.first = path.low = path.high = process.price();
    path.low = std::min(path.low, process.price());
    path.high = std::max(path.high, process.price());
  }
  path.last = process.price();
  path.last_vol = process.volatility_level();
  return path;
}

TEST(UnderlyingProcess, AroundTheClockDaysJoinAtMidnightWithoutAGap) {
  const SimulatedSymbol nifty = *default_simulated_symbol("NIFTY");
  for (Date day : {Date{sys_days{2026y / November / 2}}, Date{sys_days{2026y / November / 3}},
                   Date{sys_days{2026y / November / 7}}}) {
    const DayPath path = walk_day(nifty, day, true);
    const UnderlyingProcess next(nifty, 42, day + days{1}, true);
    // The day's last second ends within one second's move of the next day's open...
    EXPECT_LT(std::fabs(std::log(path.last / next.price())), 1e-3) << day.time_since_epoch().count();
    EXPECT_LT(std::fabs(std::log(path.last_vol / next.volatility_level())), 1e-3) << day.time_since_epoch().count();
    // ...after a day that still moved on its own: a range of more than 0.2 % of the index.
    EXPECT_GT((path.high - path.low) / path.first, 2e-3) << day.time_since_epoch().count();
  }
}

TEST(UnderlyingProcess, EveryDayOpensFromItsOwnWalkWhicheverModeRuns) {
  const SimulatedSymbol banknifty = *default_simulated_symbol("BANKNIFTY");
  const Date day = sys_days{2026y / November / 4};
  const UnderlyingProcess bridged(banknifty, 42, day, true);
  const UnderlyingProcess session(banknifty, 42, day, false);
  EXPECT_EQ(bridged.price(), session.price());
  EXPECT_EQ(bridged.volatility_level(), session.volatility_level());
  // Sessions of NSE hours keep their overnight gaps: the close is not pulled to the next open.
  const DayPath path = walk_day(banknifty, day, false);
  const UnderlyingProcess next(banknifty, 42, day + days{1}, false);
  EXPECT_GT(std::fabs(std::log(path.last / next.price())), 1e-3);
}

}  // namespace underlying_process_test
}  // namespace strikeline::sim
