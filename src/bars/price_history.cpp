#include "bars/price_history.h"

#include <algorithm>

namespace strikeline {

namespace {
std::int64_t minute_of(Timestamp ts) {
  return std::chrono::floor<std::chrono::minutes>(ts).time_since_epoch().count();
}
}  // namespace

void PriceHistory::record(Timestamp ts, double price) {
  const std::int64_t minute = minute_of(ts);
  if (minutes_.empty() || minute > minutes_.back().minute) {
    minutes_.push_back({minute, ts, price});
    if (minutes_.size() > kMaxMinutes) {
      minutes_.erase(minutes_.begin(), minutes_.begin() + kMaxMinutes / 3);
    }
    return;
  }
  auto it = std::lower_bound(minutes_.begin(), minutes_.end(), minute,
                             [](const MinuteLast& m, std::int64_t v) { return m.minute < v; });
  if (it != minutes_.end() && it->minute == minute) {
    if (ts >= it->ts) {
      it->ts = ts;
      it->price = price;
    }
  } else if (it != minutes_.begin() || minutes_.size() < kMaxMinutes) {
    minutes_.insert(it, {minute, ts, price});
  }
}

std::optional<double> PriceHistory::at_or_before(Timestamp ts) const {
  if (minutes_.empty()) return std::nullopt;
  if (ts >= minutes_.back().ts) return minutes_.back().price;
  const std::int64_t minute = minute_of(ts);
  auto it = std::upper_bound(minutes_.begin(), minutes_.end(), minute,
                             [](std::int64_t v, const MinuteLast& m) { return v < m.minute; });
  // it: first minute after ts's minute. Step back to ts's minute or the one before.
  while (it != minutes_.begin()) {
    --it;
    if (it->ts <= ts) return it->price;
  }
  return std::nullopt;
}

}  // namespace strikeline
