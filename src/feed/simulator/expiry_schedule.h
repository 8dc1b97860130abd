// The expiries the simulated exchange lists: weekly Tuesdays and the monthly (the last Tuesday of
// the month), or monthlies only; an expiry falling on a holiday moves to the previous trading day.
// An expiry is live on its own day until 15:30 IST.
#pragma once

#include <vector>

#include "core/expiry.h"
#include "core/session_calendar.h"
#include "feed/simulator/simulator_config.h"

namespace strikeline::sim {

// The first `count` expiries live at `now` (ascending). For weekly symbols the current monthly is
// always included, so the list may hold count + 1 dates.
std::vector<Expiry> live_expiries(const SimulatedSymbol& symbol, Timestamp now, int count,
                                  const SessionCalendar& calendar);

// The first `count` monthly expiries live at `now` (ascending): the futures the exchange lists
// (near, next and far month for count 3).
std::vector<Expiry> live_monthly_expiries(Timestamp now, int count,
                                          const SessionCalendar& calendar);

}  // namespace strikeline::sim
