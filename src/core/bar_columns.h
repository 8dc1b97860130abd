// The columns of a bar file: the PostgreSQL table fo_option_strike_bars (created_at/updated_at are
// accepted and ignored) plus this project's columns (oi change, Greek weights, premium OHLC, the
// sides' observation times, the sides' quotes).
// Names are the contract of CSV headers and NDJSON keys, in both directions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace strikeline {

enum class BarColumn : std::uint8_t {
  bucket_time,
  timeframe,
  symbol,
  expiry,
  strike,
  underlying_close,
  call_iv_avg,
  put_iv_avg,
  call_delta_avg,
  put_delta_avg,
  call_gamma_avg,
  put_gamma_avg,
  call_theta_avg,
  put_theta_avg,
  call_vega_avg,
  put_vega_avg,
  call_volume,
  put_volume,
  call_count,
  put_count,
  call_oi_sum,
  put_oi_sum,
  created_at,
  updated_at,
  call_oi_change,
  put_oi_change,
  call_analytics_count,
  put_analytics_count,
  call_open,
  call_high,
  call_low,
  call_close,
  put_open,
  put_high,
  put_low,
  put_close,
  call_observed_at,  // epoch seconds: the side's last observation in a 1-minute bar
  put_observed_at,
  call_bid,  // the quote last seen in a 1-minute bar: best bid/offer price and quantity (units)
  call_ask,
  call_bid_qty,
  call_ask_qty,
  put_bid,
  put_ask,
  put_bid_qty,
  put_ask_qty,
};
inline constexpr std::size_t kBarColumnCount = static_cast<std::size_t>(BarColumn::put_ask_qty) + 1;

std::string_view column_name(BarColumn column);
// Exact names, ASCII case-insensitive; nullopt for a column this project does not know.
[[nodiscard]] std::optional<BarColumn> parse_bar_column(std::string_view name);

// The columns the writers emit, in this order (every column except created_at/updated_at).
extern const std::array<BarColumn, kBarColumnCount - 2> kWrittenBarColumns;

// Columns a bar file must have.
inline constexpr std::array kRequiredBarColumns{BarColumn::bucket_time, BarColumn::symbol,
                                                BarColumn::expiry, BarColumn::strike};

}  // namespace strikeline
