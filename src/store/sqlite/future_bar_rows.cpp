#include "store/sqlite/future_bar_rows.h"

#include <type_traits>

namespace strikeline::sqlite {

namespace {

constexpr const char* kColumns =
    "bucket_time, symbol, expiry, open, high, low, close, settle, volume, oi, oi_change, "
    "underlying, observed_at, tick_count";

template <class T>
void bind_optional(Statement& s, int index, const std::optional<T>& v) {
  if (!v) {
    s.bind_null(index);
  } else if constexpr (std::is_floating_point_v<T>) {
    s.bind_double(index, *v);
  } else {
    s.bind_int(index, *v);
  }
}

}  // namespace

std::string upsert_future_bar_sql() {
  return std::string("INSERT INTO fo_future_bars (") + kColumns +
         ", source, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
         "?12, ?13, ?14, ?16, ?15, ?15) ON CONFLICT (bucket_time, symbol, expiry) DO UPDATE SET "
         "open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, "
         "settle = excluded.settle, volume = excluded.volume, oi = excluded.oi, "
         "oi_change = excluded.oi_change, underlying = excluded.underlying, "
         "observed_at = excluded.observed_at, tick_count = excluded.tick_count, "
         "updated_at = excluded.updated_at, source = CASE WHEN coalesce(source, 'market') = "
         "excluded.source THEN excluded.source ELSE 'mixed' END";
}

void bind_future_bar(Statement& s, const FutureBar& bar, const std::string& expiry_text,
                     std::int64_t written_at, std::string_view source) {
  s.bind_int(1, epoch_seconds(bar.key.bucket));
  s.bind_text(2, bar.key.symbol);
  s.bind_text(3, expiry_text);
  const std::optional<double> none;
  bind_optional(s, 4, bar.has_price ? std::optional(bar.open) : none);
  bind_optional(s, 5, bar.has_price ? std::optional(bar.high) : none);
  bind_optional(s, 6, bar.has_price ? std::optional(bar.low) : none);
  bind_optional(s, 7, bar.has_price ? std::optional(bar.close) : none);
  bind_optional(s, 8, bar.settle);
  s.bind_int(9, bar.volume);
  bind_optional(s, 10, bar.oi);
  bind_optional(s, 11, bar.oi_change);
  bind_optional(s, 12, bar.underlying);
  if (bar.observed_at) {
    s.bind_int(13, epoch_seconds(*bar.observed_at));
  } else {
    s.bind_null(13);
  }
  s.bind_int(14, bar.count);
  s.bind_int(15, written_at);
  s.bind_text(16, source);
}

std::string select_future_bars_sql() {
  return std::string("SELECT ") + kColumns +
         " FROM fo_future_bars WHERE bucket_time >= ?1 AND bucket_time < ?2 "
         "ORDER BY bucket_time, symbol, expiry";
}

bool read_future_bar(const Statement& s, FutureBar& bar) {
  const auto expiry = parse_date(s.column_text(2));
  if (!expiry) return false;
  bar = FutureBar{};
  bar.key = FutureBarKey{std::string(s.column_text(1)), *expiry, utc_seconds(s.column_int(0))};
  bar.has_price = !s.is_null(3) && !s.is_null(4) && !s.is_null(5) && !s.is_null(6);
  if (bar.has_price) {
    bar.open = s.column_double(3);
    bar.high = s.column_double(4);
    bar.low = s.column_double(5);
    bar.close = s.column_double(6);
  }
  if (!s.is_null(7)) bar.settle = s.column_double(7);
  bar.volume = s.is_null(8) ? 0 : s.column_int(8);
  if (!s.is_null(9)) bar.oi = s.column_int(9);
  if (!s.is_null(10)) bar.oi_change = s.column_int(10);
  if (!s.is_null(11)) bar.underlying = s.column_double(11);
  if (!s.is_null(12)) bar.observed_at = utc_seconds(s.column_int(12));
  bar.count = s.is_null(13) ? 0 : static_cast<std::uint32_t>(s.column_int(13));
  return true;
}

}  // namespace strikeline::sqlite
