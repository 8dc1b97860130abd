#include "query/strike_history.h"

#include "query/indicator.h"
#include "query/strike_distribution.h"

namespace strikeline {

namespace {
// What a candle reads from the state (side_candle); the rest of a candle is the bucket's flow.
constexpr StateFields kHistoryFields{
    .oi = true, .price = true, .analytics = false, .quote = false, .volume = false};
}  // namespace

SideCandle side_candle(const SideBar* flow, const SideState& state) {
  SideCandle c;
  if (flow) {
    if (flow->has_premium) {
      c.open = round_to(flow->open, 4);
      c.high = round_to(flow->high, 4);
      c.low = round_to(flow->low, 4);
      c.close = round_to(flow->close, 4);
    }
    c.volume = flow->volume;
    if (flow->has_analytics()) {
      c.iv = round_to(flow->iv, 4);
      c.delta = round_to(flow->delta, 4);
      c.gamma = round_to(flow->gamma, 6);
      c.theta = round_to(flow->theta, 4);
      c.vega = round_to(flow->vega, 4);
    }
  }
  c.oi = state.oi;
  c.oi_change = state.oi_change;
  if (state.last_price) c.last_price = round_to(*state.last_price, 4);
  c.observed_at = state.observed_at;
  return c;
}

StrikeHistory strike_history(const ChainReader& chain, const StrikeHistoryRequest& request) {
  StrikeHistory out;
  if (!request.window) return out;
  chain.for_each_bucket_state(
      request.symbol, request.expiry, request.timeframe, request.window->from, request.window->to,
      request.until, true, kHistoryFields,
      [&](UtcSeconds time, std::vector<StrikeBar>& flows, const ChainState& state) {
        const StrikeState* s = state.find(request.strike);
        if (!s) return;  // not listed yet
        const StrikeBar* flow = find_bar(flows, request.strike);
        HistoryCandle candle;
        candle.time = time;
        if (state.underlying) candle.underlying = round_to(*state.underlying, 2);
        candle.call = side_candle(flow ? &flow->call : nullptr, s->call);
        candle.put = side_candle(flow ? &flow->put : nullptr, s->put);
        candle.total_oi = s->call.oi.value_or(0) + s->put.oi.value_or(0);
        candle.total_volume = candle.call.volume + candle.put.volume;
        if (oi_missing_or_zero(s->call) || oi_missing_or_zero(s->put)) ++out.oi_zero_points;
        out.candles.push_back(candle);
      });
  return out;
}

}  // namespace strikeline
