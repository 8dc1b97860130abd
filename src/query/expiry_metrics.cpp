#include "query/expiry_metrics.h"

#include "query/open_interest_carry.h"

#include "query/atm.h"
#include "query/indicator.h"
#include "query/max_pain.h"

namespace strikeline {

ExpiryMetricsPoint bucket_metrics(UtcSeconds time, std::span<const StrikeBar> bars, Strike step) {
  ExpiryMetricsPoint point;
  point.time = time;
  for (const StrikeBar& bar : bars) {
    point.total_call_oi += bar.call.oi.value_or(0);
    point.total_put_oi += bar.put.oi.value_or(0);
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
  point.max_pain = max_pain(bars);
  const std::optional<double> underlying = bucket_underlying(bars);
  if (!underlying) return point;
  point.underlying = round_to(*underlying, 2);
  point.atm_strike = atm_strike(bars, *underlying, step);
  if (!point.atm_strike) return point;
  const StrikeBar* atm = find_strike(bars, *point.atm_strike);
  if (atm == nullptr) return point;
  point.atm_iv = combined_value(*atm, Indicator::iv, SideSelection::both);
  if (point.atm_iv) point.atm_iv = round_to(*point.atm_iv, 4);
  if (atm->call.has_premium && atm->put.has_premium) {
    point.atm_straddle = round_to(atm->call.close + atm->put.close, 4);
  }
  return point;
}

ExpiryMetrics expiry_metrics(const ChainReader& chain, const ContractSpecs& specs,
                             const ExpiryMetricsRequest& request) {
  ExpiryMetrics out;
  out.expiry = request.expiry;
  if (!request.expiry || !request.window) return out;
  const Strike step = specs.spec_for(request.symbol, *request.expiry).strike_step;
  OpenInterestCarry carried;  // open interest is a stock: gaps take the last value seen
  chain.for_each_bucket(request.symbol, *request.expiry, request.timeframe, request.window->from,
                        request.window->to, [&](UtcSeconds time, std::vector<StrikeBar>& bars) {
                          carried.carry(bars);
                          out.points.push_back(bucket_metrics(time, bars, step));
                        });
  return out;
}

}  // namespace strikeline
