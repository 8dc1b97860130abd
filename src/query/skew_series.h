// The skew of one expiry over time (GET /fo/skew-series, issue 21 item 4): per bucket of the
// window with data of the expiry, from the chain's state at the bucket's end (or as of `until`
// for the bucket holding it): the underlying, ATM strike and IV, the 25-delta call and put IVs,
// RR25 and BF25 (query/smile_skew.h). Rounded as smile_skew rounds; the underlying to 2.
#pragma once

#include <optional>
#include <vector>

#include "query/smile_skew.h"
#include "query/volatility_requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct SkewPoint {
  UtcSeconds time;
  std::optional<double> underlying;
  SmileSkew skew;
};

struct SkewSeries {
  std::optional<Expiry> expiry;
  std::vector<SkewPoint> points;  // ascending by time
};

SkewSeries skew_series(const ChainReader& chain, const SkewSeriesRequest& request);

}  // namespace strikeline
