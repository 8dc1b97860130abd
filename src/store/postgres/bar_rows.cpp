#include "store/postgres/bar_rows.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

namespace strikeline::pg {

namespace {

constexpr const char* kSideFields[] = {"iv_avg",    "delta_avg",       "gamma_avg",   "theta_avg",
                                       "vega_avg",  "volume",          "count",       "oi_sum",
                                       "oi_change", "analytics_count", "open",        "high",
                                       "low",       "close",           "observed_at", "bid",
                                       "ask",       "bid_qty",         "ask_qty"};
constexpr int kSideColumns = 19;
static_assert(std::size(kSideFields) == kSideColumns);
// Result columns: 0 epoch, 1 symbol, 2 expiry, 3 strike, 4 underlying, 5.. call, 24.. put.
constexpr int kCallColumn = 5;
constexpr int kPutColumn = kCallColumn + kSideColumns;

void append_double(std::string& out, double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append_int(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append_null(std::string& out) {
  out += "\\N";
}

void append_side(std::string& out, const SideBar& side) {
  for (double greek : {side.iv, side.delta, side.gamma, side.theta, side.vega}) {
    out += '\t';
    if (side.has_analytics()) {
      append_double(out, greek);
    } else {
      append_null(out);
    }
  }
  out += '\t';
  append_int(out, side.volume);
  out += '\t';
  append_int(out, side.count);
  for (const auto& value : {side.oi, side.oi_change}) {
    out += '\t';
    if (value) {
      append_int(out, *value);
    } else {
      append_null(out);
    }
  }
  out += '\t';
  append_int(out, side.analytics_count);
  for (double price : {side.open, side.high, side.low, side.close}) {
    out += '\t';
    if (side.has_premium) {
      append_double(out, price);
    } else {
      append_null(out);
    }
  }
  out += '\t';
  if (side.observed_at) {
    append_int(out, epoch_seconds(*side.observed_at));
  } else {
    append_null(out);
  }
  for (const auto& price : {side.bid, side.ask}) {
    out += '\t';
    if (price) {
      append_double(out, *price);
    } else {
      append_null(out);
    }
  }
  for (const auto& quantity : {side.bid_qty, side.ask_qty}) {
    out += '\t';
    if (quantity) {
      append_int(out, *quantity);
    } else {
      append_null(out);
    }
  }
}

template <typename T>
bool parse(std::string_view text, T& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size();
}

// NULL reads as `fallback`; false when the text is not a number.
template <typename T>
bool parse_or(const Result& r, int row, int column, T fallback, T& value) {
  if (r.is_null(row, column)) {
    value = fallback;
    return true;
  }
  return parse(r.text(row, column), value);
}

bool parse_optional(const Result& r, int row, int column, std::optional<std::int64_t>& value) {
  if (r.is_null(row, column)) {
    value.reset();
    return true;
  }
  std::int64_t v = 0;
  if (!parse(r.text(row, column), v)) return false;
  value = v;
  return true;
}

bool parse_optional(const Result& r, int row, int column, std::optional<double>& value) {
  if (r.is_null(row, column)) {
    value.reset();
    return true;
  }
  double v = 0;
  if (!parse(r.text(row, column), v)) return false;
  value = v;
  return true;
}

bool read_side(const Result& r, int row, int first, SideBar& side) {
  enum {
    iv,
    delta,
    gamma,
    theta,
    vega,
    volume,
    count,
    oi,
    oi_change,
    weight,
    open,
    high,
    low,
    close,
    observed_at,
    bid,
    ask,
    bid_qty,
    ask_qty
  };
  auto col = [first](int field) { return first + field; };
  std::int64_t count_value = 0;
  if (!parse_or<std::int64_t>(r, row, col(volume), 0, side.volume)) return false;
  if (!parse_or<std::int64_t>(r, row, col(count), 0, count_value)) return false;
  side.count = static_cast<std::uint32_t>(std::clamp<std::int64_t>(count_value, 0, UINT32_MAX));
  if (r.is_null(row, col(weight))) {
    const bool any_greek = !r.is_null(row, col(iv)) || !r.is_null(row, col(delta));
    side.analytics_count = any_greek ? std::max<std::uint32_t>(side.count, 1) : 0;
  } else {
    std::int64_t w = 0;
    if (!parse(r.text(row, col(weight)), w)) return false;
    side.analytics_count = static_cast<std::uint32_t>(std::clamp<std::int64_t>(w, 0, UINT32_MAX));
  }
  if (side.analytics_count > 0) {
    if (!parse_or(r, row, col(iv), 0.0, side.iv) ||
        !parse_or(r, row, col(delta), 0.0, side.delta) ||
        !parse_or(r, row, col(gamma), 0.0, side.gamma) ||
        !parse_or(r, row, col(theta), 0.0, side.theta) ||
        !parse_or(r, row, col(vega), 0.0, side.vega)) {
      return false;
    }
  } else {
    side.iv = side.delta = side.gamma = side.theta = side.vega = 0;
  }
  if (!parse_optional(r, row, col(oi), side.oi)) return false;
  if (!parse_optional(r, row, col(oi_change), side.oi_change)) return false;
  std::optional<std::int64_t> observed;
  if (!parse_optional(r, row, col(observed_at), observed)) return false;
  side.observed_at = observed ? std::optional(utc_seconds(*observed)) : std::nullopt;
  if (!parse_optional(r, row, col(bid), side.bid) || !parse_optional(r, row, col(ask), side.ask) ||
      !parse_optional(r, row, col(bid_qty), side.bid_qty) ||
      !parse_optional(r, row, col(ask_qty), side.ask_qty)) {
    return false;
  }
  side.has_premium = !r.is_null(row, col(close));
  if (side.has_premium) {
    if (!parse(r.text(row, col(close)), side.close)) return false;
    if (!parse_or(r, row, col(open), side.close, side.open) ||
        !parse_or(r, row, col(high), side.close, side.high) ||
        !parse_or(r, row, col(low), side.close, side.low)) {
      return false;
    }
  } else {
    side.open = side.high = side.low = side.close = 0;
  }
  return true;
}

}  // namespace

const std::vector<std::string>& bar_value_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out{"underlying_close"};
    for (const char* side : {"call_", "put_"}) {
      for (const char* field : kSideFields) out.push_back(std::string(side) + field);
    }
    return out;
  }();
  return columns;
}

void append_copy_row(std::string& out, const StrikeBar& bar, std::string_view expiry_text) {
  append_int(out, epoch_seconds(bar.key.bucket));
  out += '\t';
  append_copy_text(out, bar.key.symbol);
  out += '\t';
  out += expiry_text;
  out += '\t';
  append_double(out, bar.key.strike.to_double());
  out += '\t';
  if (bar.underlying_close) {
    append_double(out, *bar.underlying_close);
  } else {
    append_null(out);
  }
  append_side(out, bar.call);
  append_side(out, bar.put);
  out += '\n';
}

bool BarRowReader::read(const Result& r, int row, StrikeBar& bar) {
  const std::string_view expiry_text = r.text(row, 2);
  if (expiry_text != expiry_text_ || expiry_text_.empty()) {
    const std::optional<Date> parsed = parse_date(expiry_text);
    if (!parsed) return false;
    expiry_text_.assign(expiry_text);
    expiry_ = *parsed;
  }
  double strike = 0;
  std::int64_t epoch = 0;
  if (!parse(r.text(row, 0), epoch) || !parse(r.text(row, 3), strike)) return false;
  const std::optional<Strike> strike_value = Strike::from_double(strike);
  if (!strike_value || strike_value->hundredths() <= 0) return false;
  const std::string_view symbol = r.text(row, 1);
  if (symbol.empty()) return false;
  if (bar.key.symbol != symbol) bar.key.symbol.assign(symbol);
  bar.key.expiry = expiry_;
  bar.key.strike = *strike_value;
  bar.key.timeframe = Timeframe::m1;
  bar.key.bucket = utc_seconds(epoch);
  if (r.is_null(row, 4)) {
    bar.underlying_close.reset();
  } else {
    double underlying = 0;
    if (!parse(r.text(row, 4), underlying)) return false;
    bar.underlying_close = underlying;
  }
  return read_side(r, row, kCallColumn, bar.call) && read_side(r, row, kPutColumn, bar.put);
}

}  // namespace strikeline::pg
