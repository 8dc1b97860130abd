#include "store/postgres/future_bar_rows.h"

#include <charconv>

#include "store/postgres/bar_statements.h"

namespace strikeline::pg {

namespace {

constexpr const char* kValueColumns =
    "open, high, low, close, settle, volume, oi, oi_change, underlying, observed_at, tick_count";

void append_double(std::string& out, const std::optional<double>& v) {
  if (!v) {
    out += "\\N";
    return;
  }
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *v);
  out.append(buffer, end);
}

void append_int(std::string& out, const std::optional<std::int64_t>& v) {
  if (!v) {
    out += "\\N";
    return;
  }
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *v);
  out.append(buffer, end);
}

template <class T>
bool parse_number(std::string_view text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

const std::string& create_incoming_futures_sql() {
  static const std::string sql =
      "CREATE TEMPORARY TABLE IF NOT EXISTS fo_incoming_future_bars (seq bigint GENERATED ALWAYS "
      "AS IDENTITY, epoch bigint NOT NULL, symbol text NOT NULL, expiry date NOT NULL, open double "
      "precision, high double precision, low double precision, close double precision, settle "
      "double precision, volume bigint NOT NULL, oi bigint, oi_change bigint, underlying double "
      "precision, observed_at bigint, tick_count bigint NOT NULL) ON COMMIT DELETE ROWS";
  return sql;
}

const std::string& copy_incoming_futures_sql() {
  static const std::string sql =
      std::string("COPY fo_incoming_future_bars (epoch, symbol, expiry, ") + kValueColumns +
      ") FROM STDIN";
  return sql;
}

const std::string& notify_incoming_futures_sql() {
  static const std::string sql = "SELECT pg_notify('" + std::string(kBarsChannel) +
                                 "', min(epoch) || ',' || max(epoch)) FROM "
                                 "fo_incoming_future_bars HAVING count(*) > 0";
  return sql;
}

const std::string& upsert_incoming_futures_sql() {
  static const std::string sql =
      std::string("INSERT INTO fo_future_bars (bucket_time, symbol, expiry, ") + kValueColumns +
      ", source, created_at, updated_at) SELECT DISTINCT ON (epoch, symbol, expiry) "
      "to_timestamp(epoch), symbol, expiry, " +
      kValueColumns +
      ", $1, now(), now() FROM fo_incoming_future_bars ORDER BY epoch, symbol, expiry, seq DESC "
      "ON CONFLICT (bucket_time, symbol, expiry) DO UPDATE SET open = excluded.open, "
      "high = excluded.high, low = excluded.low, close = excluded.close, settle = "
      "excluded.settle, volume = excluded.volume, oi = excluded.oi, oi_change = "
      "excluded.oi_change, underlying = excluded.underlying, observed_at = excluded.observed_at, "
      "tick_count = excluded.tick_count, updated_at = excluded.updated_at, source = CASE WHEN "
      "coalesce(fo_future_bars.source, 'market') = excluded.source THEN excluded.source ELSE "
      "'mixed' END";
  return sql;
}

void append_future_copy_row(std::string& out, const FutureBar& bar, std::string_view expiry_text) {
  append_int(out, epoch_seconds(bar.key.bucket));
  out += '\t';
  append_copy_text(out, bar.key.symbol);
  out += '\t';
  out += expiry_text;
  const std::optional<double> none;
  for (double v : {bar.open, bar.high, bar.low, bar.close}) {
    out += '\t';
    append_double(out, bar.has_price ? std::optional(v) : none);
  }
  out += '\t';
  append_double(out, bar.settle);
  out += '\t';
  append_int(out, bar.volume);
  out += '\t';
  append_int(out, bar.oi);
  out += '\t';
  append_int(out, bar.oi_change);
  out += '\t';
  append_double(out, bar.underlying);
  out += '\t';
  append_int(out, bar.observed_at ? std::optional<std::int64_t>(epoch_seconds(*bar.observed_at))
                                  : std::nullopt);
  out += '\t';
  append_int(out, static_cast<std::int64_t>(bar.count));
  out += '\n';
}

const std::string& select_future_bars_sql() {
  static const std::string sql =
      std::string("SELECT extract(epoch FROM bucket_time)::bigint, symbol, expiry::text, ") +
      kValueColumns +
      " FROM fo_future_bars WHERE bucket_time >= to_timestamp($1) AND bucket_time < "
      "to_timestamp($2) ORDER BY bucket_time, symbol, expiry";
  return sql;
}

bool read_future_bar(const Result& r, int row, FutureBar& bar) {
  std::int64_t epoch = 0;
  if (!parse_number(r.text(row, 0), epoch)) return false;
  const auto expiry = parse_date(r.text(row, 2));
  if (!expiry) return false;
  FutureBar out;
  out.key = FutureBarKey{std::string(r.text(row, 1)), *expiry, utc_seconds(epoch)};
  const auto real = [&](int column) -> std::optional<double> {
    double v = 0;
    if (r.is_null(row, column) || !parse_number(r.text(row, column), v)) return std::nullopt;
    return v;
  };
  const auto whole = [&](int column) -> std::optional<std::int64_t> {
    std::int64_t v = 0;
    if (r.is_null(row, column) || !parse_number(r.text(row, column), v)) return std::nullopt;
    return v;
  };
  const auto open = real(3), high = real(4), low = real(5), close = real(6);
  out.has_price = open && high && low && close;
  if (out.has_price) {
    out.open = *open;
    out.high = *high;
    out.low = *low;
    out.close = *close;
  }
  out.settle = real(7);
  out.volume = whole(8).value_or(0);
  out.oi = whole(9);
  out.oi_change = whole(10);
  out.underlying = real(11);
  if (const auto observed = whole(12)) out.observed_at = utc_seconds(*observed);
  out.count = static_cast<std::uint32_t>(whole(13).value_or(0));
  bar = std::move(out);
  return true;
}

}  // namespace strikeline::pg
