#include "api/missing_oi_log.h"

#include <spdlog/spdlog.h>

#include "core/timestamp.h"

namespace strikeline {

bool MissingOiLog::report(std::string_view symbol, Expiry expiry) {
  {
    std::lock_guard lock(mutex_);
    if (!reported_.emplace(std::string(symbol), expiry).second) return false;
  }
  spdlog::warn(
      "chain {} {} has no open interest: call_oi/put_oi are served as 0 "
      "(fo_oi_zero_count_total counts the points)",
      symbol, format_date(expiry));
  return true;
}

}  // namespace strikeline
