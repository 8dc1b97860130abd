#include "core/future_bar.h"

#include <cmath>

namespace strikeline {

namespace {

constexpr double kMaxPrice = 1e7;                       // 1 crore rupees, as feed/market_bounds.h
constexpr std::int64_t kMaxOi = 10'000'000'000;         // 10^10 units
constexpr std::int64_t kMaxVolume = 1'000'000'000'000;  // 10^12 units

bool price_ok(double p) {
  return std::isfinite(p) && p > 0 && p <= kMaxPrice;
}

}  // namespace

std::optional<std::string> future_bar_problem(const FutureBar& bar) {
  if (bar.key.symbol.empty()) return "no symbol";
  if (epoch_seconds(bar.key.bucket) % 60 != 0) return "bucket is not the start of a minute";
  if (bar.key.expiry < ist_date(Timestamp{bar.key.bucket})) return "expiry before the bar's day";
  if (bar.has_price) {
    for (double p : {bar.open, bar.high, bar.low, bar.close}) {
      if (!price_ok(p)) return "prices must be finite, above 0 and at most 1 crore";
    }
    if (bar.low > bar.open || bar.low > bar.close || bar.high < bar.open || bar.high < bar.close) {
      return "open/high/low/close out of order";
    }
  }
  if (bar.settle && !price_ok(*bar.settle)) return "settle price must be finite and above 0";
  if (bar.underlying && !price_ok(*bar.underlying)) return "underlying must be finite and above 0";
  if (bar.volume < 0 || bar.volume > kMaxVolume) return "volume must be 0 to 10^12 units";
  if (bar.oi && (*bar.oi < 0 || *bar.oi > kMaxOi)) return "oi must be 0 to 10^10 units";
  if (bar.oi_change && (*bar.oi_change < -kMaxOi || *bar.oi_change > kMaxOi)) {
    return "oi_change out of range";
  }
  if (bar.observed_at && (*bar.observed_at < bar.key.bucket ||
                          *bar.observed_at > bar.key.bucket + std::chrono::seconds{60})) {
    return "observed_at outside the bar's minute";
  }
  return std::nullopt;
}

}  // namespace strikeline
