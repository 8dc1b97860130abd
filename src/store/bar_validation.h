// What makes a bar storable as a 1-minute bar (the chain store and the repositories accept only
// these): a canonical symbol (core/symbol.h), the 1min timeframe, a bucket start on a whole UTC
// minute, a positive strike, finite numbers, non-negative counts, observation times inside the
// bar's minute, and quotes with positive prices and quantities in [0, kMaxQuoteQuantity]. Used to
// reject a whole batch with a clear message before anything of it is stored.
#pragma once

#include <optional>
#include <string>

#include "core/strike_bar.h"

namespace strikeline {

// Why the bar cannot be stored, or nullopt when it can.
std::optional<std::string> one_minute_bar_problem(const StrikeBar& bar);

// The same check for many bars, remembering the last symbol found canonical (batches repeat it).
class OneMinuteBarChecker {
 public:
  std::optional<std::string> problem(const StrikeBar& bar);

 private:
  std::string canonical_;
};

// "NIFTY 2025-11-04 24300 1min 2025-11-04T03:45:00Z", for messages.
std::string describe_key(const BarKey& key);

}  // namespace strikeline
