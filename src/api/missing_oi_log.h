// Warns once per chain (symbol + expiry) for the process lifetime when a served chain carries no
// open interest at all, instead of once per request. Thread-safe.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "core/expiry.h"

namespace strikeline {

class MissingOiLog {
 public:
  // True when this call logged the warning (the first report of the chain).
  bool report(std::string_view symbol, Expiry expiry);

 private:
  std::mutex mutex_;
  std::set<std::pair<std::string, Expiry>> reported_;
};

}  // namespace strikeline
