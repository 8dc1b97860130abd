#include "store/postgres/bar_statements.h"

#include <vector>

#include "store/postgres/bar_rows.h"

namespace strikeline::pg {

namespace {

std::string joined(const std::vector<std::string>& names, std::string_view prefix = "") {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += name;
  }
  return out;
}

std::string column_type(const std::string& name) {
  const bool integer = name.ends_with("_volume") || name.ends_with("_count") ||
                       name.ends_with("_oi_sum") || name.ends_with("_oi_change") ||
                       name.ends_with("_observed_at") || name.ends_with("_qty");
  return integer ? "bigint" : "double precision";
}

// The last present value of a column by bucket time. The max of [epoch, value] pairs needs no
// per-group sort (array_agg(... ORDER BY) sorted once per aggregate and group: 3x slower).
// Doubles are exact in the pair; integer columns (open interest) are far below 2^53.
std::string last_present(const std::string& column) {
  std::string out = "(max(ARRAY[extract(epoch FROM b.bucket_time)::float8, b." + column +
                    "::float8]) FILTER (WHERE b." + column + " IS NOT NULL))[2]";
  if (column_type(column) == "bigint") out = "(" + out + ")::bigint";
  return out;
}

// The rollup expression of a value column (DESIGN.md's rules).
std::string rollup_expression(const std::string& column) {
  const std::string side = column.substr(0, column.find('_'));
  const std::string weight = "b." + side + "_analytics_count";
  if (column.ends_with("_avg")) {
    return "sum(b." + column + " * " + weight + ") FILTER (WHERE " + weight +
           " > 0) / nullif(sum(" + weight + ") FILTER (WHERE " + weight + " > 0), 0)";
  }
  if (column.ends_with("_volume") || column.ends_with("_count")) return "sum(b." + column + ")";
  if (column.ends_with("_open")) {
    return "(min(ARRAY[extract(epoch FROM b.bucket_time)::float8, b." + column +
           "]) FILTER (WHERE b." + side + "_close IS NOT NULL))[2]";
  }
  if (column.ends_with("_high")) return "max(b." + column + ")";
  if (column.ends_with("_observed_at")) return "NULL::bigint";  // rollups carry none
  // Nor a quote (state of a 1-minute bar, read through the chain).
  if (column.ends_with("_qty")) return "NULL::bigint";
  if (column.ends_with("_bid") || column.ends_with("_ask")) return "NULL::float8";
  if (column.ends_with("_low")) return "min(b." + column + ")";
  return last_present(column);  // underlying, oi, oi change, close
}

}  // namespace

const std::string& create_incoming_table_sql() {
  static const std::string sql = [] {
    std::string out =
        "CREATE TEMPORARY TABLE IF NOT EXISTS fo_incoming_bars (seq bigint GENERATED ALWAYS AS "
        "IDENTITY, epoch bigint NOT NULL, symbol text NOT NULL, expiry date NOT NULL, strike "
        "double precision NOT NULL";
    for (const std::string& column : bar_value_columns()) {
      out += ", " + column + " " + column_type(column);
    }
    out += ") ON COMMIT DELETE ROWS";
    return out;
  }();
  return sql;
}

const std::string& copy_incoming_sql() {
  static const std::string sql = "COPY fo_incoming_bars (epoch, symbol, expiry, strike, " +
                                 joined(bar_value_columns()) + ") FROM STDIN";
  return sql;
}

const std::string& upsert_incoming_sql() {
  static const std::string sql = [] {
    const std::vector<std::string>& values = bar_value_columns();
    std::string out =
        "INSERT INTO fo_option_strike_bars (bucket_time, timeframe, symbol, expiry, "
        "strike, " +
        joined(values) +
        ", created_at, updated_at) SELECT DISTINCT ON (epoch, symbol, expiry, "
        "strike) to_timestamp(epoch), '1min', symbol, expiry, strike, " +
        joined(values) +
        ", now(), now() FROM fo_incoming_bars ORDER BY epoch, symbol, expiry, "
        "strike, seq DESC ON CONFLICT (bucket_time, symbol, expiry, strike, "
        "timeframe) DO UPDATE SET ";
    for (const std::string& column : values) out += column + " = excluded." + column + ", ";
    out += "updated_at = excluded.updated_at";
    return out;
  }();
  return sql;
}

std::string rollup_incoming_sql(std::string_view table, std::string_view timeframe, int step,
                                std::string_view source, std::string_view source_timeframe) {
  const std::vector<std::string>& values = bar_value_columns();
  const std::string s = std::to_string(step);
  // One LATERAL aggregate per touched (bucket, contract): an index range scan of
  // idx_fo_strike_1min_join each, whatever the planner thinks of the unanalysed temporary table
  // (a plain join was planned as a hash join over the whole 1-minute table, every batch).
  std::string out = "INSERT INTO " + std::string(table) +
                    " (bucket_time, timeframe, symbol, expiry, strike, " + joined(values) +
                    ", created_at, updated_at) SELECT k.bucket, '" + std::string(timeframe) +
                    "', k.symbol, k.expiry, k.strike, " + joined(values, "r.") +
                    ", now(), now() FROM (SELECT DISTINCT to_timestamp(epoch - epoch % " + s +
                    ") AS bucket, symbol, expiry, strike FROM fo_incoming_bars) k CROSS JOIN "
                    "LATERAL (SELECT ";
  bool first = true;
  for (const std::string& column : values) {
    if (!first) out += ", ";
    first = false;
    out += rollup_expression(column) + " AS " + column;
  }
  out += " FROM " + std::string(source) + " b WHERE b.timeframe = '" +
         std::string(source_timeframe) +
         "' AND b.symbol = k.symbol AND "
         "b.expiry = k.expiry AND b.strike = k.strike AND b.bucket_time >= k.bucket AND "
         "b.bucket_time < k.bucket + interval '" +
         s + " seconds') r ON CONFLICT (bucket_time, symbol, expiry, strike) DO UPDATE SET ";
  for (const std::string& column : values) out += column + " = excluded." + column + ", ";
  out += "updated_at = excluded.updated_at";
  return out;
}

const std::string& record_incoming_days_sql() {
  static const std::string sql =
      "INSERT INTO fo_bar_days (day, symbol, expiry, first_bucket, last_bucket, source, "
      "iv_convention) SELECT (to_timestamp(epoch + 19800) AT TIME ZONE 'UTC')::date, symbol, "
      "expiry, to_timestamp(min(epoch)), to_timestamp(max(epoch)), $1::text, $2::text FROM "
      "fo_incoming_bars GROUP BY 1, 2, 3 ON CONFLICT (day, symbol, expiry) DO UPDATE SET "
      "first_bucket = least(fo_bar_days.first_bucket, excluded.first_bucket), last_bucket = "
      "greatest(fo_bar_days.last_bucket, excluded.last_bucket), updated_at = now(), source = "
      "CASE WHEN coalesce(fo_bar_days.source, 'market') = excluded.source THEN excluded.source "
      "ELSE 'mixed' END, iv_convention = CASE WHEN excluded.iv_convention IS NULL THEN "
      "fo_bar_days.iv_convention WHEN fo_bar_days.iv_convention IS NULL OR "
      "fo_bar_days.iv_convention = excluded.iv_convention THEN excluded.iv_convention ELSE "
      "'mixed' END";
  return sql;
}

const std::string& notify_incoming_sql() {
  static const std::string sql = "SELECT pg_notify('" + std::string(kBarsChannel) +
                                 "', min(epoch) || ',' || max(epoch)) FROM fo_incoming_bars "
                                 "HAVING count(*) > 0";
  return sql;
}

const std::string& select_bars_sql() {
  static const std::string sql =
      "SELECT extract(epoch FROM bucket_time)::bigint, symbol, expiry::text, strike, " +
      joined(bar_value_columns()) +
      " FROM fo_option_strike_bars WHERE timeframe = '1min' AND bucket_time >= to_timestamp($1) "
      "AND bucket_time < to_timestamp($2) ORDER BY bucket_time, symbol, expiry, strike";
  return sql;
}

}  // namespace strikeline::pg
