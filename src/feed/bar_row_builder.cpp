#include "feed/bar_row_builder.h"

#include <cmath>
#include <limits>

#include "core/symbol.h"
#include "core/text.h"
#include "feed/input_text.h"
#include "feed/json_line.h"

namespace strikeline {

namespace {

enum class Kind { timestamp, text, decimal, integer, ignored };

Kind kind_of(BarColumn c) {
  switch (c) {
    case BarColumn::bucket_time:
      return Kind::timestamp;
    case BarColumn::timeframe:
    case BarColumn::symbol:
    case BarColumn::expiry:
      return Kind::text;
    case BarColumn::call_volume:
    case BarColumn::put_volume:
    case BarColumn::call_count:
    case BarColumn::put_count:
    case BarColumn::call_oi_sum:
    case BarColumn::put_oi_sum:
    case BarColumn::call_oi_change:
    case BarColumn::put_oi_change:
    case BarColumn::call_analytics_count:
    case BarColumn::put_analytics_count:
    case BarColumn::call_observed_at:
    case BarColumn::put_observed_at:
    case BarColumn::call_bid_qty:
    case BarColumn::call_ask_qty:
    case BarColumn::put_bid_qty:
    case BarColumn::put_ask_qty:
      return Kind::integer;
    case BarColumn::created_at:
    case BarColumn::updated_at:
      return Kind::ignored;
    default:
      return Kind::decimal;
  }
}

std::size_t idx(BarColumn c) {
  return static_cast<std::size_t>(c);
}

std::string named(BarColumn c, std::string_view what) {
  std::string out(column_name(c));
  out += ": ";
  out += what;
  return out;
}

// The columns of one side, so both sides share one validation routine.
struct SideColumns {
  BarColumn iv, delta, gamma, theta, vega, volume, count, oi, oi_change, analytics_count, open,
      high, low, close, observed_at, bid, ask, bid_qty, ask_qty;
};

constexpr SideColumns kCallColumns{BarColumn::call_iv_avg,      BarColumn::call_delta_avg,
                                   BarColumn::call_gamma_avg,   BarColumn::call_theta_avg,
                                   BarColumn::call_vega_avg,    BarColumn::call_volume,
                                   BarColumn::call_count,       BarColumn::call_oi_sum,
                                   BarColumn::call_oi_change,   BarColumn::call_analytics_count,
                                   BarColumn::call_open,        BarColumn::call_high,
                                   BarColumn::call_low,         BarColumn::call_close,
                                   BarColumn::call_observed_at, BarColumn::call_bid,
                                   BarColumn::call_ask,         BarColumn::call_bid_qty,
                                   BarColumn::call_ask_qty};
constexpr SideColumns kPutColumns{BarColumn::put_iv_avg,      BarColumn::put_delta_avg,
                                  BarColumn::put_gamma_avg,   BarColumn::put_theta_avg,
                                  BarColumn::put_vega_avg,    BarColumn::put_volume,
                                  BarColumn::put_count,       BarColumn::put_oi_sum,
                                  BarColumn::put_oi_change,   BarColumn::put_analytics_count,
                                  BarColumn::put_open,        BarColumn::put_high,
                                  BarColumn::put_low,         BarColumn::put_close,
                                  BarColumn::put_observed_at, BarColumn::put_bid,
                                  BarColumn::put_ask,         BarColumn::put_bid_qty,
                                  BarColumn::put_ask_qty};

bool is_non_negative(BarColumn c) {
  return c != BarColumn::call_oi_change && c != BarColumn::put_oi_change;
}

}  // namespace

void BarRowBuilder::reset() {
  bucket_.reset();
  text_.fill(std::nullopt);
  number_.fill(std::nullopt);
  integer_.fill(std::nullopt);
}

std::optional<std::string> BarRowBuilder::set_number(BarColumn column, double value) {
  if (!std::isfinite(value)) return named(column, "not a finite number");
  switch (kind_of(column)) {
    case Kind::decimal:
      number_[idx(column)] = value;
      return std::nullopt;
    case Kind::integer:
      if (std::trunc(value) != value) return named(column, "expected a whole number");
      if (std::fabs(value) >= 9.2e18) return named(column, "out of range");
      integer_[idx(column)] = static_cast<std::int64_t>(value);
      return std::nullopt;
    case Kind::timestamp:
      bucket_ = timestamp_from_epoch_number(value);
      if (!bucket_) return named(column, "epoch seconds out of range");
      return std::nullopt;
    case Kind::text:
      return named(column, "expected a string");
    case Kind::ignored:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> BarRowBuilder::set_text(BarColumn column, std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;  // empty cell: NULL
  switch (kind_of(column)) {
    case Kind::ignored:
      return std::nullopt;
    case Kind::text:
      text_[idx(column)] = text;
      return std::nullopt;
    case Kind::timestamp:
      bucket_ = parse_timestamp_text(text);
      if (!bucket_) {
        return named(column,
                     quoted(text) + " is not an ISO 8601 / PostgreSQL timestamp or epoch seconds");
      }
      return std::nullopt;
    case Kind::integer:
      if (auto v = parse_int64(text)) {
        integer_[idx(column)] = *v;
        return std::nullopt;
      }
      [[fallthrough]];
    case Kind::decimal: {
      // from_chars also reads "nan"/"inf", which parse_double rejects as not finite.
      if (auto v = parse_double(text)) return set_number(column, *v);
      const bool non_finite = iequals(text, "nan") || iequals(text, "inf") ||
                              iequals(text, "-inf") || iequals(text, "infinity") ||
                              iequals(text, "-infinity") || iequals(text, "+infinity");
      return named(column, non_finite ? "not a finite number" : quoted(text) + " is not a number");
    }
  }
  return std::nullopt;
}

std::optional<std::string> BarRowBuilder::set_json(BarColumn column, simdjson::dom::element value) {
  if (value.is_null()) return std::nullopt;
  if (kind_of(column) == Kind::ignored) return std::nullopt;
  if (value.is_number()) {
    if (kind_of(column) == Kind::integer && value.is_int64()) {
      integer_[idx(column)] = value.get_int64().value_unsafe();
      return std::nullopt;
    }
    double v = 0;
    if (value.get_double().get(v)) return named(column, "number out of range");
    return set_number(column, v);
  }
  std::string_view text;
  if (value.get_string().get(text)) {
    return named(column, kind_of(column) == Kind::text ? "expected a string" : "expected a number");
  }
  switch (kind_of(column)) {
    case Kind::text:
      text_[idx(column)] = text;
      return std::nullopt;
    case Kind::timestamp:
      return set_text(column, text);
    default:
      return named(column, "expected a number, got a string");
  }
}

std::optional<std::string> BarRowBuilder::build(StrikeBar& bar) {
  // Key.
  if (!bucket_) return named(BarColumn::bucket_time, "missing");
  const auto micros = bucket_->time_since_epoch().count();
  if (micros % 60'000'000 != 0) {
    return named(BarColumn::bucket_time, "not the start of a 1-minute bucket (a whole minute)");
  }
  if (const auto& tf = text_[idx(BarColumn::timeframe)]) {
    auto parsed = parse_timeframe(*tf);
    if (!parsed) {
      return named(BarColumn::timeframe, quoted(*tf) + " is not a timeframe (" +
                                             std::string(accepted_timeframes()) + ")");
    }
    if (*parsed != Timeframe::m1) {
      return named(BarColumn::timeframe, "only 1min bars can be imported (" +
                                             std::string(timeframe_name(*parsed)) +
                                             " bars are derived from them)");
    }
  }
  const auto& symbol = text_[idx(BarColumn::symbol)];
  if (!symbol) return named(BarColumn::symbol, "missing");
  if (*symbol != raw_symbol_ || symbol_.empty()) {
    auto canonical = canonical_symbol(*symbol);
    if (!canonical) return named(BarColumn::symbol, quoted(*symbol) + " is not a symbol");
    raw_symbol_ = *symbol;
    symbol_ = std::move(*canonical);
  }
  const auto& expiry = text_[idx(BarColumn::expiry)];
  if (!expiry) return named(BarColumn::expiry, "missing");
  if (*expiry != raw_expiry_ || raw_expiry_.empty()) {
    auto date = parse_date(*expiry);
    if (!date) {
      return named(BarColumn::expiry, quoted(*expiry) + " is not a YYYY-MM-DD date");
    }
    raw_expiry_ = *expiry;
    expiry_ = *date;
  }
  const auto& strike_value = number_[idx(BarColumn::strike)];
  if (!strike_value) return named(BarColumn::strike, "missing");
  auto strike = Strike::from_double(*strike_value);
  if (!strike || strike->hundredths() <= 0) return named(BarColumn::strike, "must be positive");
  if (std::fabs(strike->to_double() - *strike_value) > 1e-9 * *strike_value) {
    return named(BarColumn::strike, "must be a multiple of 0.01");
  }

  StrikeBar out;
  out.key.symbol = symbol_;
  out.key.expiry = expiry_;
  out.key.strike = *strike;
  out.key.timeframe = Timeframe::m1;
  out.key.bucket = floor_seconds(*bucket_);
  if (const auto& u = number_[idx(BarColumn::underlying_close)]) {
    if (*u <= 0) return named(BarColumn::underlying_close, "must be positive");
    out.underlying_close = *u;
  }

  for (const SideColumns* cols : {&kCallColumns, &kPutColumns}) {
    SideBar& side = cols == &kCallColumns ? out.call : out.put;
    for (BarColumn c : {cols->volume, cols->count, cols->oi, cols->analytics_count, cols->bid_qty,
                        cols->ask_qty}) {
      const auto& v = integer_[idx(c)];
      if (v && *v < 0 && is_non_negative(c)) return named(c, "must not be negative");
    }
    for (BarColumn c : {cols->count, cols->analytics_count}) {
      const auto& v = integer_[idx(c)];
      if (v && *v > std::numeric_limits<std::uint32_t>::max()) return named(c, "out of range");
    }
    side.volume = integer_[idx(cols->volume)].value_or(0);
    side.count = static_cast<std::uint32_t>(integer_[idx(cols->count)].value_or(0));
    side.oi = integer_[idx(cols->oi)];
    side.oi_change = integer_[idx(cols->oi_change)];
    // The quote: positive prices, quantities within what a quote can hold.
    for (BarColumn c : {cols->bid, cols->ask}) {
      const auto& v = number_[idx(c)];
      if (v && *v <= 0) return named(c, "must be a positive price (leave it empty for none)");
    }
    for (BarColumn c : {cols->bid_qty, cols->ask_qty}) {
      const auto& v = integer_[idx(c)];
      if (v && *v > kMaxQuoteQuantity) return named(c, "out of range");
    }
    side.bid = number_[idx(cols->bid)];
    side.ask = number_[idx(cols->ask)];
    side.bid_qty = integer_[idx(cols->bid_qty)];
    side.ask_qty = integer_[idx(cols->ask_qty)];
    if (const auto& observed = integer_[idx(cols->observed_at)]) {
      const std::int64_t minute = epoch_seconds(out.key.bucket);
      if (*observed < minute || *observed > minute + 60) {
        return named(cols->observed_at,
                     "must lie in the bar's minute (epoch seconds from bucket_time to 60 s after)");
      }
      side.observed_at = utc_seconds(*observed);
    }

    // IV and Greeks: one set per side.
    const BarColumn greeks[] = {cols->iv, cols->delta, cols->gamma, cols->theta, cols->vega};
    const bool has_iv = number_[idx(cols->iv)].has_value();
    for (BarColumn c : greeks) {
      if (number_[idx(c)].has_value() != has_iv) {
        return has_iv ? named(c, "missing while " + std::string(column_name(cols->iv)) +
                                     " is given (a side's IV and Greeks come together)")
                      : named(c, "given without " + std::string(column_name(cols->iv)));
      }
    }
    const auto& weight = integer_[idx(cols->analytics_count)];
    if (has_iv) {
      if (*number_[idx(cols->iv)] < 0) return named(cols->iv, "must not be negative");
      if (weight && *weight == 0) {
        return named(cols->analytics_count,
                     "is 0 while " + std::string(column_name(cols->iv)) + " is given");
      }
      side.iv = *number_[idx(cols->iv)];
      side.delta = *number_[idx(cols->delta)];
      side.gamma = *number_[idx(cols->gamma)];
      side.theta = *number_[idx(cols->theta)];
      side.vega = *number_[idx(cols->vega)];
      side.analytics_count =
          weight ? static_cast<std::uint32_t>(*weight) : std::max<std::uint32_t>(side.count, 1);
    } else if (weight && *weight > 0) {
      return named(cols->analytics_count,
                   "is positive while " + std::string(column_name(cols->iv)) + " is empty");
    }

    // Premium OHLC: all or nothing.
    const BarColumn ohlc[] = {cols->open, cols->high, cols->low, cols->close};
    const bool has_open = number_[idx(cols->open)].has_value();
    for (BarColumn c : ohlc) {
      if (number_[idx(c)].has_value() != has_open) {
        return named(c, has_open ? "missing while the other premium columns are given"
                                 : "given without the other premium columns (open/high/low/close)");
      }
      if (has_open && *number_[idx(c)] < 0) return named(c, "must not be negative");
    }
    if (has_open) {
      side.open = *number_[idx(cols->open)];
      side.high = *number_[idx(cols->high)];
      side.low = *number_[idx(cols->low)];
      side.close = *number_[idx(cols->close)];
      if (side.low > side.high || side.open < side.low || side.open > side.high ||
          side.close < side.low || side.close > side.high) {
        return named(cols->high, "premium must satisfy low <= open, close <= high");
      }
      side.has_premium = true;
    }
  }
  bar = std::move(out);
  return std::nullopt;
}

}  // namespace strikeline
