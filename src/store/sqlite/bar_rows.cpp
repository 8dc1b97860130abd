#include "store/sqlite/bar_rows.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/bar_columns.h"

namespace strikeline::sqlite {

namespace {

// Column positions: the table's order, which is BarColumn's (0-based; parameters are these + 1).
constexpr int at(BarColumn column) {
  return static_cast<int>(column);
}
constexpr int kColumnCount = static_cast<int>(kBarColumnCount);
constexpr int bucket_time = at(BarColumn::bucket_time);
constexpr int timeframe = at(BarColumn::timeframe);
constexpr int symbol = at(BarColumn::symbol);
constexpr int expiry = at(BarColumn::expiry);
constexpr int strike = at(BarColumn::strike);
constexpr int underlying_close = at(BarColumn::underlying_close);
constexpr int created_at = at(BarColumn::created_at);
constexpr int updated_at = at(BarColumn::updated_at);

std::string name_at(int position) {
  return std::string(column_name(static_cast<BarColumn>(position)));
}

std::string column_list() {
  std::string out;
  for (int i = 0; i < kColumnCount; ++i) {
    if (i > 0) out += ", ";
    out += name_at(i);
  }
  return out;
}

struct SideColumns {
  int iv, delta, gamma, theta, vega, volume, count, oi, oi_change, weight, open, high, low, close,
      observed_at, bid, ask, bid_qty, ask_qty;
};
constexpr SideColumns kCall{at(BarColumn::call_iv_avg),      at(BarColumn::call_delta_avg),
                            at(BarColumn::call_gamma_avg),   at(BarColumn::call_theta_avg),
                            at(BarColumn::call_vega_avg),    at(BarColumn::call_volume),
                            at(BarColumn::call_count),       at(BarColumn::call_oi_sum),
                            at(BarColumn::call_oi_change),   at(BarColumn::call_analytics_count),
                            at(BarColumn::call_open),        at(BarColumn::call_high),
                            at(BarColumn::call_low),         at(BarColumn::call_close),
                            at(BarColumn::call_observed_at), at(BarColumn::call_bid),
                            at(BarColumn::call_ask),         at(BarColumn::call_bid_qty),
                            at(BarColumn::call_ask_qty)};
constexpr SideColumns kPut{at(BarColumn::put_iv_avg),      at(BarColumn::put_delta_avg),
                           at(BarColumn::put_gamma_avg),   at(BarColumn::put_theta_avg),
                           at(BarColumn::put_vega_avg),    at(BarColumn::put_volume),
                           at(BarColumn::put_count),       at(BarColumn::put_oi_sum),
                           at(BarColumn::put_oi_change),   at(BarColumn::put_analytics_count),
                           at(BarColumn::put_open),        at(BarColumn::put_high),
                           at(BarColumn::put_low),         at(BarColumn::put_close),
                           at(BarColumn::put_observed_at), at(BarColumn::put_bid),
                           at(BarColumn::put_ask),         at(BarColumn::put_bid_qty),
                           at(BarColumn::put_ask_qty)};

// Parameter 1 is the write time (created_at and updated_at of every row); row r's column c is
// parameter 2 + r * kColumnCount + c (timeframe is the literal '1min': its number stays unused).
constexpr int kFirstRowParameter = 2;

struct RowParams {
  Statement& s;
  int base;
  void null(int column) { s.bind_null(base + column); }
  void integer(int column, std::int64_t v) { s.bind_int(base + column, v); }
  void real(int column, double v) { s.bind_double(base + column, v); }
  void text(int column, std::string_view v) { s.bind_text(base + column, v); }
};

void bind_optional(RowParams& s, int column, const std::optional<std::int64_t>& value) {
  if (value) {
    s.integer(column, *value);
  } else {
    s.null(column);
  }
}

void bind_optional(RowParams& s, int column, const std::optional<double>& value) {
  if (value) {
    s.real(column, *value);
  } else {
    s.null(column);
  }
}

void bind_side(RowParams& s, const SideBar& side, const SideColumns& c) {
  const std::pair<int, double> greeks[] = {{c.iv, side.iv},
                                           {c.delta, side.delta},
                                           {c.gamma, side.gamma},
                                           {c.theta, side.theta},
                                           {c.vega, side.vega}};
  for (const auto& [column, value] : greeks) {
    if (side.has_analytics()) {
      s.real(column, value);
    } else {
      s.null(column);
    }
  }
  s.integer(c.volume, side.volume);
  s.integer(c.count, side.count);
  s.integer(c.weight, side.analytics_count);
  bind_optional(s, c.oi, side.oi);
  bind_optional(s, c.oi_change, side.oi_change);
  bind_optional(s, c.observed_at,
                side.observed_at ? std::optional(epoch_seconds(*side.observed_at)) : std::nullopt);
  bind_optional(s, c.bid, side.bid);
  bind_optional(s, c.ask, side.ask);
  bind_optional(s, c.bid_qty, side.bid_qty);
  bind_optional(s, c.ask_qty, side.ask_qty);
  const std::pair<int, double> premium[] = {
      {c.open, side.open}, {c.high, side.high}, {c.low, side.low}, {c.close, side.close}};
  for (const auto& [column, value] : premium) {
    if (side.has_premium) {
      s.real(column, value);
    } else {
      s.null(column);
    }
  }
}

double real_or(const Statement& row, int column, double fallback) {
  return row.is_null(column) ? fallback : row.column_double(column);
}

std::optional<std::int64_t> optional_int(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.column_int(column);
}

std::optional<double> optional_real(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return row.column_double(column);
}

// NULL reads as 0 from column_int/column_double, so only the columns where NULL means "absent"
// need a type check.
void read_side(const Statement& row, const SideColumns& c, SideBar& side) {
  side.volume = row.column_int(c.volume);
  const std::int64_t count = row.column_int(c.count);
  side.count = static_cast<std::uint32_t>(std::clamp<std::int64_t>(count, 0, UINT32_MAX));
  if (row.is_null(c.weight)) {
    const bool any_greek = !row.is_null(c.iv) || !row.is_null(c.delta);
    side.analytics_count = any_greek ? std::max<std::uint32_t>(side.count, 1) : 0;
  } else {
    side.analytics_count = static_cast<std::uint32_t>(
        std::clamp<std::int64_t>(row.column_int(c.weight), 0, UINT32_MAX));
  }
  if (side.analytics_count > 0) {
    side.iv = row.column_double(c.iv);
    side.delta = row.column_double(c.delta);
    side.gamma = row.column_double(c.gamma);
    side.theta = row.column_double(c.theta);
    side.vega = row.column_double(c.vega);
  } else {
    side.iv = side.delta = side.gamma = side.theta = side.vega = 0;
  }
  side.oi = optional_int(row, c.oi);
  side.oi_change = optional_int(row, c.oi_change);
  if (row.is_null(c.observed_at)) {
    side.observed_at.reset();
  } else {
    side.observed_at = utc_seconds(row.column_int(c.observed_at));
  }
  side.bid = optional_real(row, c.bid);
  side.ask = optional_real(row, c.ask);
  side.bid_qty = optional_int(row, c.bid_qty);
  side.ask_qty = optional_int(row, c.ask_qty);
  side.has_premium = !row.is_null(c.close);
  if (side.has_premium) {
    side.close = row.column_double(c.close);
    side.open = real_or(row, c.open, side.close);
    side.high = real_or(row, c.high, side.close);
    side.low = real_or(row, c.low, side.close);
  } else {
    side.open = side.high = side.low = side.close = 0;
  }
}

}  // namespace

std::string upsert_bars_sql(int rows) {
  std::string out = "INSERT INTO fo_option_strike_bars (" + column_list() + ") VALUES ";
  for (int row = 0; row < rows; ++row) {
    out += row > 0 ? ", (" : "(";
    for (int i = 0; i < kColumnCount; ++i) {
      if (i > 0) out += ", ";
      if (i == timeframe) {
        out += "'1min'";  // only 1-minute bars are stored
      } else if (i == created_at || i == updated_at) {
        out += "?1";
      } else {
        out += '?';
        out += std::to_string(kFirstRowParameter + row * kColumnCount + i);
      }
    }
    out += ")";
  }
  {
    out += " ON CONFLICT (bucket_time, symbol, expiry, strike, timeframe) DO UPDATE SET ";
    bool first = true;
    for (int i = underlying_close; i < kColumnCount; ++i) {
      if (i == created_at) continue;
      if (!first) out += ", ";
      first = false;
      out += name_at(i) + " = excluded." + name_at(i);
    }
  }
  return out;
}

const std::string& select_bars_sql() {
  // Columns a bar does not need are selected as NULL, keeping the positions of the table.
  static const std::string sql =
      "SELECT " +
      [] {
        std::string out;
        for (int i = 0; i < kColumnCount; ++i) {
          if (i > 0) out += ", ";
          const bool unused = i == timeframe || i == created_at || i == updated_at;
          out += unused ? std::string("NULL") : name_at(i);
        }
        return out;
      }() +
      " FROM fo_option_strike_bars WHERE timeframe = '1min' AND bucket_time >= ?1 AND "
      "bucket_time < ?2 ORDER BY bucket_time, symbol, expiry, strike";
  return sql;
}

void bind_written_at(Statement& statement, std::int64_t written_at) {
  statement.bind_int(1, written_at);
}

void bind_bar(Statement& statement, int row, const StrikeBar& bar, std::string_view expiry_text) {
  RowParams s{statement, kFirstRowParameter + row * kColumnCount};
  s.integer(bucket_time, epoch_seconds(bar.key.bucket));
  s.text(symbol, bar.key.symbol);
  s.text(expiry, expiry_text);
  s.real(strike, bar.key.strike.to_double());
  if (bar.underlying_close) {
    s.real(underlying_close, *bar.underlying_close);
  } else {
    s.null(underlying_close);
  }
  bind_side(s, bar.call, kCall);
  bind_side(s, bar.put, kPut);
}

bool BarRowReader::read(const Statement& row, StrikeBar& bar) {
  const std::string_view expiry_text = row.column_text(expiry);
  if (expiry_text != expiry_text_ || expiry_text_.empty()) {
    const std::optional<Date> parsed = parse_date(expiry_text);
    if (!parsed) return false;
    expiry_text_.assign(expiry_text);
    expiry_ = *parsed;
  }
  const std::optional<Strike> strike_value = Strike::from_double(row.column_double(strike));
  if (!strike_value || strike_value->hundredths() <= 0) return false;
  const std::string_view symbol_text = row.column_text(symbol);
  if (symbol_text.empty()) return false;
  if (bar.key.symbol != symbol_text) bar.key.symbol.assign(symbol_text);
  bar.key.expiry = expiry_;
  bar.key.strike = *strike_value;
  bar.key.timeframe = Timeframe::m1;
  bar.key.bucket = utc_seconds(row.column_int(bucket_time));
  if (row.is_null(underlying_close)) {
    bar.underlying_close.reset();
  } else {
    bar.underlying_close = row.column_double(underlying_close);
  }
  read_side(row, kCall, bar.call);
  read_side(row, kPut, bar.put);
  return true;
}

}  // namespace strikeline::sqlite
