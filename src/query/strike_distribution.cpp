#include "query/strike_distribution.h"

#include <algorithm>

#include "query/atm.h"
#include "query/moneyness.h"

namespace strikeline {

namespace {

std::optional<double> rounded(std::optional<double> v, int decimals) {
  if (v) return round_to(*v, decimals);
  return v;
}

void note_oldest(std::optional<UtcSeconds>& oldest, const StrikeState& s) {
  for (const SideState* side : {&s.call, &s.put}) {
    if (side->observed_at && (!oldest || *side->observed_at < *oldest)) {
      oldest = side->observed_at;
    }
  }
}

}  // namespace

const StrikeBar* find_bar(std::span<const StrikeBar> bars, Strike strike) {
  auto it = std::lower_bound(bars.begin(), bars.end(), strike,
                             [](const StrikeBar& b, Strike s) { return b.key.strike < s; });
  return it != bars.end() && it->key.strike == strike ? &*it : nullptr;
}

StrikeDistribution strike_distribution(const ChainReader& chain, const ContractSpecs&,
                                       const StrikeDistributionRequest& request) {
  StrikeDistribution out;
  const int decimals = indicator_decimals(request.indicator);
  for (Expiry expiry : request.expiries) {
    const std::optional<ChainState> state = chain.chain_at(request.symbol, expiry, request.as_of);
    if (!state) continue;
    const auto bucket =
        chain.latest_bucket(request.symbol, expiry, request.timeframe, request.as_of);
    if (!bucket) continue;
    std::vector<StrikeBar> flows;
    if (is_flow(request.indicator)) {
      chain.for_each_bucket_state(
          request.symbol, expiry, request.timeframe, *bucket, *bucket, request.as_of, true,
          StateFields::none(),
          [&](UtcSeconds, std::vector<StrikeBar>& bars, const ChainState&) { flows.swap(bars); });
    }

    DistributionSeries series;
    series.expiry = expiry;
    series.bucket_time = *bucket;
    series.as_of = request.as_of;
    series.underlying = state->underlying;
    const std::optional<std::size_t> atm = atm_index(*state);
    StrikeSpan span{0, state->strikes.size()};
    if (atm) {
      series.atm_strike = state->strikes[*atm].strike;
      span = strikes_around(*atm, state->strikes.size(), request.strike_range);
    }

    bool chain_has_oi = false;
    for (const StrikeState& s : state->strikes) {
      if (!oi_missing_or_zero(s.call) || !oi_missing_or_zero(s.put)) chain_has_oi = true;
    }
    for (std::size_t i = span.first; i < span.last; ++i) {
      const StrikeState& s = state->strikes[i];
      const StrikeBar* flow = flows.empty() ? nullptr : find_bar(flows, s.strike);
      DistributionPoint point;
      point.strike = s.strike;
      point.value = rounded(combined_value(s, flow, request.indicator, request.side), decimals);
      point.call =
          rounded(side_value(s.call, flow ? &flow->call : nullptr, request.indicator), decimals);
      point.put =
          rounded(side_value(s.put, flow ? &flow->put : nullptr, request.indicator), decimals);
      point.call_oi = s.call.oi ? static_cast<double>(*s.call.oi) : 0.0;
      point.put_oi = s.put.oi ? static_cast<double>(*s.put.oi) : 0.0;
      if (atm) point.moneyness_rank = moneyness_rank(moneyness_level(i, *atm), request.side);
      point.call_observed_at = s.call.observed_at;
      point.put_observed_at = s.put.observed_at;
      if (oi_missing_or_zero(s.call) || oi_missing_or_zero(s.put)) ++out.oi_zero_points;
      note_oldest(series.oldest_observation, s);
      series.points.push_back(point);
    }
    if (!chain_has_oi) out.expiries_without_oi.push_back(expiry);
    if (series.underlying) series.underlying = round_to(*series.underlying, 2);
    out.series.push_back(std::move(series));
  }
  return out;
}

}  // namespace strikeline
