// The normalised requests the query functions take: every parameter parsed, defaulted and
// resolved (expiry labels to dates, time windows to concrete bounds).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/expiry.h"
#include "core/forward_source.h"
#include "core/iv_convention.h"
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
  std::vector<Expiry> expiries;  // ascending, unique
  UtcSeconds as_of;              // `at` (or `bucket_time`), else the request's arrival
  bool as_of_given = false;      // whether the client named the moment
  int strike_range = 10;
};

// A series over a window: its buckets, each point the state at its bucket's end, or as of `until`
// (the `to` a client gave) for the bucket that contains it.
struct MoneynessSeriesRequest {
  std::string symbol;
  Timeframe timeframe = Timeframe::m5;
  Indicator indicator = Indicator::iv;
  SideSelection side = SideSelection::both;
  std::vector<Expiry> expiries;      // ascending, unique
  std::optional<TimeWindow> window;  // nullopt: no data to default the window from
  std::optional<UtcSeconds> until;
};

struct StrikeHistoryRequest {
  std::string symbol;
  Expiry expiry;
  Strike strike;
  Timeframe timeframe = Timeframe::m5;
  std::optional<TimeWindow> window;
  std::optional<UtcSeconds> until;
};

struct ExpiryMetricsRequest {
  std::string symbol;
  std::optional<Expiry> expiry;  // nullopt: no unexpired expiry with data
  Timeframe timeframe = Timeframe::m5;
  std::optional<TimeWindow> window;
  std::optional<UtcSeconds> until;
};

// The option chain of one expiry as of a moment (query/option_chain.h).
struct OptionChainRequest {
  std::string symbol;
  std::optional<Expiry> expiry;     // nullopt: the symbol has no expiry with data unexpired then
  UtcSeconds as_of;                 // `at`, else the request's arrival
  bool as_of_given = false;         // whether the client named the moment
  std::optional<int> strike_range;  // listed strikes each side of ATM; nullopt: all
  UtcSeconds since;                 // the OI change since this moment (at or before as_of)
  PricingPolicy pricing;            // the server's (not a parameter): the `forward` reported
};

struct ExpiriesRequest {
  std::string symbol;
};

// One expiry as of a moment (`at`), or, with a window (`from`/`to`), per bucket of it: what the
// OI build-up and the Greek exposures take.
struct ChainMomentRequest {
  std::string symbol;
  std::optional<Expiry> expiry;  // nullopt: the symbol has no expiry with data unexpired then
  Timeframe timeframe = Timeframe::m5;
  UtcSeconds as_of;                 // `at`, else the request's arrival (a series: the window's end)
  bool as_of_given = false;         // whether the client named the moment
  std::optional<int> strike_range;  // listed strikes each side of ATM; nullopt: all
  bool series = false;              // from/to given: the window's buckets
  std::optional<TimeWindow> window;
  std::optional<UtcSeconds> until;
};

// OI build-up (query/buildup.h): at a moment over [since, as_of]; a series classifies each bucket
// over its own interval.
struct BuildupRequest : ChainMomentRequest {
  UtcSeconds since;             // the interval's start, at or before as_of
  double neutral_oi_pct = 1.0;  // |OI change| below this share of the OI is neutral
  int movers = 5;               // the biggest movers listed per class and side
};

// Greek exposures and the zero-gamma level (query/exposures.h).
struct ExposuresRequest : ChainMomentRequest {
  // How the stored IVs were computed (core/iv_convention.h): the Greeks are recomputed from them
  // with the same time to expiry and rate.
  IvConvention convention = IvConvention::strikeline;
  PricingPolicy pricing;  // the server's (not a parameter): the forward the Greeks price on
};

}  // namespace strikeline
