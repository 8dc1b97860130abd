#include "store/bar_validation.h"

#include <cmath>

#include "core/symbol.h"

namespace strikeline {

namespace {

std::optional<std::string> side_problem(const SideBar& side, std::string_view name,
                                        UtcSeconds bucket) {
  if (side.observed_at &&
      (*side.observed_at < bucket || *side.observed_at > bucket + std::chrono::seconds(60))) {
    return std::string(name) + " observed_at (" + format_iso_utc(*side.observed_at) +
           ") is outside its minute (" + format_iso_utc(bucket) + " + 60 s)";
  }
  const std::pair<const char*, double> numbers[] = {
      {"iv", side.iv},       {"delta", side.delta}, {"gamma", side.gamma},
      {"theta", side.theta}, {"vega", side.vega},   {"open", side.open},
      {"high", side.high},   {"low", side.low},     {"close", side.close}};
  for (const auto& [field, value] : numbers) {
    if (!std::isfinite(value)) {
      return std::string(name) + " " + field + " is not a finite number";
    }
  }
  const std::pair<const char*, const std::optional<double>*> prices[] = {{"bid", &side.bid},
                                                                         {"ask", &side.ask}};
  for (const auto& [field, value] : prices) {
    if (*value && (!std::isfinite(**value) || **value <= 0)) {
      return std::string(name) + " " + field + " must be a positive finite price";
    }
  }
  const std::pair<const char*, const std::optional<std::int64_t>*> quantities[] = {
      {"bid_qty", &side.bid_qty}, {"ask_qty", &side.ask_qty}};
  for (const auto& [field, value] : quantities) {
    if (*value && (**value < 0 || **value > kMaxQuoteQuantity)) {
      return std::string(name) + " " + field + " must lie in [0, " +
             std::to_string(kMaxQuoteQuantity) + "]";
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> one_minute_bar_problem(const StrikeBar& bar) {
  return OneMinuteBarChecker{}.problem(bar);
}

std::optional<std::string> OneMinuteBarChecker::problem(const StrikeBar& bar) {
  const BarKey& key = bar.key;
  if (key.symbol.empty() || key.symbol != canonical_) {
    const auto canonical = canonical_symbol(key.symbol);
    if (!canonical || *canonical != key.symbol) {
      return "symbol '" + key.symbol + "' is not a canonical symbol" +
             (canonical ? " (use '" + *canonical + "')" : std::string());
    }
    canonical_ = key.symbol;
  }
  if (key.timeframe != Timeframe::m1) {
    return "timeframe is " + std::string(timeframe_name(key.timeframe)) +
           "; only 1min bars are stored (rollups are derived)";
  }
  if (epoch_seconds(key.bucket) % 60 != 0) {
    return "bucket start is not on a whole minute";
  }
  if (key.strike.hundredths() <= 0) return "strike must be positive";
  if (bar.underlying_close && !std::isfinite(*bar.underlying_close)) {
    return "underlying_close is not a finite number";
  }
  if (auto problem = side_problem(bar.call, "call", key.bucket)) return problem;
  if (auto problem = side_problem(bar.put, "put", key.bucket)) return problem;
  return std::nullopt;
}

std::string describe_key(const BarKey& key) {
  return key.symbol + " " + format_date(key.expiry) + " " + key.strike.to_string() + " " +
         std::string(timeframe_name(key.timeframe)) + " " + format_iso_utc(key.bucket);
}

}  // namespace strikeline
