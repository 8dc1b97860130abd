#include "core/bar_columns.h"

#include "core/text.h"

namespace strikeline {

namespace {

constexpr std::array<std::string_view, kBarColumnCount> kNames{
    "bucket_time",
    "timeframe",
    "symbol",
    "expiry",
    "strike",
    "underlying_close",
    "call_iv_avg",
    "put_iv_avg",
    "call_delta_avg",
    "put_delta_avg",
    "call_gamma_avg",
    "put_gamma_avg",
    "call_theta_avg",
    "put_theta_avg",
    "call_vega_avg",
    "put_vega_avg",
    "call_volume",
    "put_volume",
    "call_count",
    "put_count",
    "call_oi_sum",
    "put_oi_sum",
    "created_at",
    "updated_at",
    "call_oi_change",
    "put_oi_change",
    "call_analytics_count",
    "put_analytics_count",
    "call_open",
    "call_high",
    "call_low",
    "call_close",
    "put_open",
    "put_high",
    "put_low",
    "put_close",
    "call_observed_at",
    "put_observed_at",
    "call_bid",
    "call_ask",
    "call_bid_qty",
    "call_ask_qty",
    "put_bid",
    "put_ask",
    "put_bid_qty",
    "put_ask_qty",
};

constexpr std::array<BarColumn, kBarColumnCount - 2> written_columns() {
  std::array<BarColumn, kBarColumnCount - 2> out{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < kBarColumnCount; ++i) {
    const auto c = static_cast<BarColumn>(i);
    if (c != BarColumn::created_at && c != BarColumn::updated_at) out[n++] = c;
  }
  return out;
}

}  // namespace

const std::array<BarColumn, kBarColumnCount - 2> kWrittenBarColumns = written_columns();

std::string_view column_name(BarColumn column) {
  return kNames[static_cast<std::size_t>(column)];
}

std::optional<BarColumn> parse_bar_column(std::string_view name) {
  for (std::size_t i = 0; i < kBarColumnCount; ++i) {
    if (iequals(kNames[i], name)) return static_cast<BarColumn>(i);
  }
  return std::nullopt;
}

}  // namespace strikeline
