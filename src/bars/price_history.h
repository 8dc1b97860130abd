// PriceHistory: the prices of one instrument (an index spot, or one future) seen by the aggregator,
// answering "the latest price at or before time t". The newest tick is kept exactly; older ones at
// one-minute resolution (the last tick of each minute), which is what late ticks are priced with.
// Memory is bounded: at most kMaxMinutes minutes are kept.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/timestamp.h"

namespace strikeline {

class PriceHistory {
 public:
  static constexpr std::size_t kMaxMinutes = 3 * 1440;

  void record(Timestamp ts, double price);
  std::optional<double> at_or_before(Timestamp ts) const;
  bool empty() const { return minutes_.empty(); }

 private:
  struct MinuteLast {
    std::int64_t minute;
    Timestamp ts;
    double price;
  };
  std::vector<MinuteLast> minutes_;  // ascending by minute; minutes_.back() is the newest tick
};

}  // namespace strikeline
