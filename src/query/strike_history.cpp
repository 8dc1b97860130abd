#include "query/strike_history.h"

#include "query/indicator.h"

namespace strikeline {

SideCandle side_candle(const SideBar& side) {
  SideCandle c;
  if (side.has_premium) {
    c.open = round_to(side.open, 4);
    c.high = round_to(side.high, 4);
    c.low = round_to(side.low, 4);
    c.close = round_to(side.close, 4);
  }
  if (!side.empty()) c.volume = side.volume;
  c.oi = side.oi;
  c.oi_change = side.oi_change;
  if (side.has_analytics()) {
    c.iv = round_to(side.iv, 4);
    c.delta = round_to(side.delta, 4);
    c.gamma = round_to(side.gamma, 6);
    c.theta = round_to(side.theta, 4);
    c.vega = round_to(side.vega, 4);
  }
  return c;
}

StrikeHistory strike_history(const ChainReader& chain, const StrikeHistoryRequest& request) {
  StrikeHistory out;
  if (!request.window) return out;
  const std::vector<StrikeBar> bars =
      chain.strike_series(request.symbol, request.expiry, request.strike, request.timeframe,
                          request.window->from, request.window->to);
  out.candles.reserve(bars.size());
  for (const StrikeBar& bar : bars) {
    HistoryCandle candle;
    candle.time = bar.key.bucket;
    if (bar.underlying_close) candle.underlying = round_to(*bar.underlying_close, 2);
    candle.call = side_candle(bar.call);
    candle.put = side_candle(bar.put);
    candle.total_oi = bar.call.oi.value_or(0) + bar.put.oi.value_or(0);
    candle.total_volume = bar.call.volume + bar.put.volume;
    if (oi_missing_or_zero(bar.call) || oi_missing_or_zero(bar.put)) ++out.oi_zero_points;
    out.candles.push_back(candle);
  }
  return out;
}

}  // namespace strikeline
