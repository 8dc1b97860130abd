// Strike history (API.md GET /fo/strike-history): one strike's candles over a window, one per
// bucket with data of the expiry in which the strike was listed. The flows are the bucket's own
// (premium OHLC, IV and Greeks: null when the side did not trade; volume 0); the state is the
// chain's at the bucket's end (store/chain_state.h): open interest and its change, the last traded
// price and when the side was last observed, carried when the side did not trade, so OI never
// falls to 0 for a quiet minute; the candle's underlying is the chain's at that moment. Totals
// count absent sides as 0. Values are rounded to 4 decimals, gamma to 6.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct SideCandle {
  std::optional<double> open, high, low, close;         // premium, when traded in the bucket
  std::int64_t volume = 0;                              // traded in the bucket
  std::optional<double> iv, delta, gamma, theta, vega;  // the bucket's ticks' means
  // State at the bucket's end.
  std::optional<std::int64_t> oi, oi_change;
  std::optional<double> last_price;
  std::optional<UtcSeconds> observed_at;
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

// A side's candle from its bar of the bucket (null: it did not trade) and its state.
SideCandle side_candle(const SideBar* flow, const SideState& state);

StrikeHistory strike_history(const ChainReader& chain, const StrikeHistoryRequest& request);

}  // namespace strikeline
