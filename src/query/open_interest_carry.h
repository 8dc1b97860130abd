// Open interest is a stock, not a flow: a strike side that did not trade in a bucket still carries
// the open interest last observed for it. OpenInterestCarry fills such gaps (oi and oi_change) in
// buckets visited in ascending time, and can look back from one bucket to fill it on its own.
// Only absent values are filled; a present value is never replaced.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "core/strike_bar.h"
#include "store/chain_reader.h"

namespace strikeline {

class OpenInterestCarry {
 public:
  // Fills the absent oi/oi_change of `bars` (one bucket) from earlier buckets seen, then remembers
  // this bucket's values. Call for buckets in ascending time.
  void carry(std::vector<StrikeBar>& bars);

  // Fills the gaps of `bars` (the bucket starting at `bucket`) from the chain's earlier buckets of
  // the same timeframe, newest first, looking back at most `lookback`.
  static void fill_from_history(const ChainReader& chain, std::string_view symbol, Expiry expiry,
                                Timeframe tf, UtcSeconds bucket, std::chrono::seconds lookback,
                                std::vector<StrikeBar>& bars);

 private:
  struct Last {
    std::optional<std::int64_t> oi, oi_change;
  };
  struct StrikeLast {
    Strike strike;
    Last call, put;
  };
  std::vector<StrikeLast> last_;      // ascending by strike
  std::vector<StrikeLast> arrivals_;  // strikes first seen in the current bucket
};

}  // namespace strikeline
