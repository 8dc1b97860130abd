// The normalised requests of the implied-forward and volatility-regime queries (issue 21 items 3
// and 4): every parameter parsed, defaulted and resolved (query/volatility_params.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/expiry.h"
#include "core/timeframe.h"
#include "query/requests.h"

namespace strikeline {

// GET /fo/implied-forward and GET /fo/term-structure: the expiries (ascending) as of a moment.
struct ExpiriesAtRequest {
  std::string symbol;
  std::vector<Expiry> expiries;  // ascending, unique; default: every one unexpired at as_of
  UtcSeconds as_of;              // `at`, else the request's arrival
  bool as_of_given = false;
};

// GET /fo/skew-series: one expiry over a window, a point per bucket (the state at its end).
struct SkewSeriesRequest {
  std::string symbol;
  std::optional<Expiry> expiry;  // nullopt: no unexpired expiry with data
  Timeframe timeframe = Timeframe::m5;
  std::optional<TimeWindow> window;
  std::optional<UtcSeconds> until;
};

// GET /fo/iv-rank: the 30-day constant-maturity ATM IV as of a moment and its daily history.
struct IvRankRequest {
  std::string symbol;
  UtcSeconds as_of;
  bool as_of_given = false;
};

}  // namespace strikeline
