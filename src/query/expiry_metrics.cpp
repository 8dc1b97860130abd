#include "query/expiry_metrics.h"

#include "query/atm.h"
#include "query/indicator.h"
#include "query/max_pain.h"

namespace strikeline {

ExpiryMetricsPoint chain_metrics(UtcSeconds time, const ChainState& state,
                                 std::span<const StrikeBar> flows) {
  ExpiryMetricsPoint point;
  point.time = time;
  for (const StrikeState& s : state.strikes) {
    point.total_call_oi += s.call.oi.value_or(0);
    point.total_put_oi += s.put.oi.value_or(0);
  }
  for (const StrikeBar& bar : flows) {
    point.total_call_volume += bar.call.volume;
    point.total_put_volume += bar.put.volume;
  }
  if (point.total_call_oi != 0) {
    point.pcr = round_to(
        static_cast<double>(point.total_put_oi) / static_cast<double>(point.total_call_oi), 4);
  }
  if (point.total_call_volume != 0) {
    point.pcr_volume = round_to(
        static_cast<double>(point.total_put_volume) / static_cast<double>(point.total_call_volume),
        4);
  }
  point.max_pain = max_pain(state.strikes);
  point.oldest_observation = state.oldest_observation();
  if (!state.underlying) return point;
  point.underlying = round_to(*state.underlying, 2);
  const std::optional<std::size_t> atm = atm_index(state);
  if (!atm) return point;
  const StrikeState& s = state.strikes[*atm];
  point.atm_strike = s.strike;
  point.atm_iv = combined_value(s, nullptr, Indicator::iv, SideSelection::both);
  if (point.atm_iv) point.atm_iv = round_to(*point.atm_iv, 4);
  if (s.call.last_price && s.put.last_price) {
    point.atm_straddle = round_to(*s.call.last_price + *s.put.last_price, 4);
  }
  return point;
}

namespace {
// What chain_metrics reads from the state: open interest (totals, PCR, max pain), last prices
// (the ATM straddle) and analytics (the ATM IV); volumes come from the flows.
constexpr StateFields kMetricsFields{
    .oi = true, .price = true, .analytics = true, .quote = false, .volume = false};
}  // namespace

ExpiryMetrics expiry_metrics(const ChainReader& chain, const ContractSpecs&,
                             const ExpiryMetricsRequest& request) {
  ExpiryMetrics out;
  out.expiry = request.expiry;
  if (!request.expiry || !request.window) return out;
  chain.for_each_bucket_state(
      request.symbol, *request.expiry, request.timeframe, request.window->from, request.window->to,
      request.until, true, kMetricsFields,
      [&](UtcSeconds time, std::vector<StrikeBar>& flows, const ChainState& state) {
        out.points.push_back(chain_metrics(time, state, flows));
      });
  return out;
}

}  // namespace strikeline
