// The futures of a symbol over time (GET /fo/futures): per future (expiry) and bucket of a
// timeframe, from the chain's futures (store/futures_book.h), and the rollover Indian brokers
// quote. Each point is a bucket that holds a future bar of the symbol (any expiry), at the
// bucket's end (or `to` when that comes first, the forming bucket as of then):
//  - state, as of that moment (carried across buckets and days): price (the last traded price),
//    spot (the underlying seen with the future's newest observation), basis = price - spot and
//    annualised basis % = (price / spot - 1) / T x 100 (T: calendar time to 15:30 IST on the expiry
//    in years of 365 days, DESIGN.md; null from the expiry's close on), OI and its change against
//    the previous IST day's close, observed_at;
//  - flow, the bucket's own: volume (units traded in it).
// Rollover per bucket: near, next and far are the symbol's first three futures unexpired at the
// moment (15:30 IST on expiry day), rollover % = (next OI + far OI) / (near + next + far OI) x 100
// (a future without OI counts 0; null when the sum is 0 or there is no near future), with the
// calendar days from the moment's IST date to the near expiry. Values rounded to 4 decimals
// (rollover % to 2). Expiries: the asked ones (dates or NWeek+k / NMonth+k against the futures
// listed), default every future of the symbol not expired before the window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/timeframe.h"
#include "query/query_params.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct FuturesRequest {
  std::string symbol;
  Timeframe timeframe = Timeframe::m5;
  std::vector<Expiry> expiries;      // ascending, unique; the series answered
  std::optional<TimeWindow> window;  // nullopt: the symbol has no futures
  std::optional<UtcSeconds> until;   // `to` as given: nothing observed after it is read
};

// Parameters: symbol, expiry (repeatable, optional), from, to (default: the 6 hours ending at the
// symbol's newest future bar), timeframe (default 5min). A bad one is a ParamError.
ParamResult<FuturesRequest> normalise_futures(const QueryParams& params, const ChainReader& chain,
                                              Timestamp now);

struct FuturePoint {
  UtcSeconds time;  // bucket start
  std::optional<double> price, spot, basis, basis_annualised_pct;
  std::optional<std::int64_t> oi, oi_change;
  std::int64_t volume = 0;
  std::optional<UtcSeconds> observed_at;
  friend bool operator==(const FuturePoint&, const FuturePoint&) = default;
};

struct FutureSeriesOfExpiry {
  Expiry expiry;
  std::vector<FuturePoint> points;  // ascending by time
};

struct RolloverPoint {
  UtcSeconds time;
  std::optional<Expiry> near, next, far;
  std::int64_t near_oi = 0, next_oi = 0, far_oi = 0;
  std::optional<double> rollover_pct;
  std::optional<int> days_to_near_expiry;
  friend bool operator==(const RolloverPoint&, const RolloverPoint&) = default;
};

struct FuturesAnswer {
  std::vector<FutureSeriesOfExpiry> series;  // ascending by expiry; empty series omitted
  std::vector<RolloverPoint> rollover;       // per bucket, ascending
};

FuturesAnswer futures_series(const ChainReader& chain, const FuturesRequest& request);

}  // namespace strikeline
