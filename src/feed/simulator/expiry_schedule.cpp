#include "feed/simulator/expiry_schedule.h"

#include <algorithm>

namespace strikeline::sim {

using namespace std::chrono;

namespace {

Date last_tuesday(year_month ym) {
  return sys_days{ym / Tuesday[last]};
}

Date settle_on_trading_day(Date d, const SessionCalendar& calendar) {
  while (!calendar.is_trading_day(d)) d -= days{1};
  return d;
}

}  // namespace

std::vector<Expiry> live_expiries(const SimulatedSymbol& symbol, Timestamp now, int count,
                                  const SessionCalendar& calendar) {
  const Date today = ist_date(now);
  auto live = [&](Date e) { return Timestamp{expiry_close(e)} > now; };
  std::vector<Expiry> out;
  year_month_day ymd{today};
  year_month ym{ymd.year(), ymd.month()};
  if (symbol.weekly_expiries) {
    Date d = today;
    while (weekday{d} != Tuesday) d += days{1};
    for (; static_cast<int>(out.size()) < count; d += weeks{1}) {
      Date e = settle_on_trading_day(d, calendar);
      if (live(e)) out.push_back(e);
    }
    // Always list the current (or, once it has expired, the next) monthly.
    for (year_month m = ym;; m += months{1}) {
      Date e = settle_on_trading_day(last_tuesday(m), calendar);
      if (!live(e)) continue;
      if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
      break;
    }
  } else {
    for (year_month m = ym; static_cast<int>(out.size()) < count; m += months{1}) {
      Date e = settle_on_trading_day(last_tuesday(m), calendar);
      if (live(e)) out.push_back(e);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Expiry> live_monthly_expiries(Timestamp now, int count,
                                          const SessionCalendar& calendar) {
  const year_month_day ymd{ist_date(now)};
  std::vector<Expiry> out;
  for (year_month m{ymd.year(), ymd.month()}; static_cast<int>(out.size()) < count;
       m += months{1}) {
    const Date e = settle_on_trading_day(last_tuesday(m), calendar);
    if (Timestamp{expiry_close(e)} > now) out.push_back(e);
  }
  return out;
}

}  // namespace strikeline::sim
