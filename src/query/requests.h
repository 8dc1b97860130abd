// The normalised requests the query functions take: every parameter parsed, defaulted and
// resolved (expiry labels to dates, time windows to concrete bounds).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/expiry.h"
#include "core/side.h"
#include "core/strike.h"
#include "core/timeframe.h"
#include "query/indicator.h"

namespace strikeline {

// Bucket starts in [from, to], both inclusive.
struct TimeWindow {
  UtcSeconds from;
  UtcSeconds to;
  friend bool operator==(const TimeWindow&, const TimeWindow&) = default;
};

struct StrikeDistributionRequest {
  std::string symbol;
  Timeframe timeframe = Timeframe::m5;
  Indicator indicator = Indicator::iv;
  SideSelection side = SideSelection::both;
  std::vector<Expiry> expiries;           // ascending, unique
  std::optional<UtcSeconds> bucket_time;  // as of this moment; nullopt: the newest bucket
  int strike_range = 10;
};

struct MoneynessSeriesRequest {
  std::string symbol;
  Timeframe timeframe = Timeframe::m5;
  Indicator indicator = Indicator::iv;
  SideSelection side = SideSelection::both;
  std::vector<Expiry> expiries;      // ascending, unique
  std::optional<TimeWindow> window;  // nullopt: no data to default the window from
};

struct StrikeHistoryRequest {
  std::string symbol;
  Expiry expiry;
  Strike strike;
  Timeframe timeframe = Timeframe::m5;
  std::optional<TimeWindow> window;
};

struct ExpiryMetricsRequest {
  std::string symbol;
  std::optional<Expiry> expiry;  // nullopt: no unexpired expiry with data
  Timeframe timeframe = Timeframe::m5;
  std::optional<TimeWindow> window;
};

struct ExpiriesRequest {
  std::string symbol;
};

}  // namespace strikeline
