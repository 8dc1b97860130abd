// Strike history (API.md GET /fo/strike-history): one strike's bars over a window as candles, both
// sides with premium OHLC, volume, OI, OI change, IV and Greeks (null when absent), plus OI and
// volume totals (absent sides count as 0). Values are rounded to 4 decimals, gamma to 6.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct SideCandle {
  std::optional<double> open, high, low, close;  // premium, when traded
  std::optional<std::int64_t> volume;            // when the side has data
  std::optional<std::int64_t> oi, oi_change;
  std::optional<double> iv, delta, gamma, theta, vega;  // when the side carried analytics
};

struct HistoryCandle {
  UtcSeconds time;
  std::optional<double> underlying;
  SideCandle call, put;
  std::int64_t total_oi = 0;
  std::int64_t total_volume = 0;
};

struct StrikeHistory {
  std::vector<HistoryCandle> candles;  // ascending by time
  std::int64_t oi_zero_points = 0;     // candles whose call or put OI was missing or zero
};

SideCandle side_candle(const SideBar& side);

StrikeHistory strike_history(const ChainReader& chain, const StrikeHistoryRequest& request);

}  // namespace strikeline
