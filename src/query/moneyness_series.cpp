#include "query/moneyness_series.h"

#include <array>

#include "query/atm.h"
#include "query/moneyness.h"
#include "query/strike_distribution.h"

namespace strikeline {

namespace {

bool is_oi_indicator(Indicator indicator) {
  return indicator == Indicator::oi || indicator == Indicator::oi_change ||
         indicator == Indicator::pcr;
}

// The strikes of one label within one bucket.
struct LabelAccumulator {
  double sum = 0;
  int count = 0;
  double put_sum = 0, call_sum = 0;
  bool has_put = false, has_call = false;
  std::optional<UtcSeconds> oldest;

  void clear() { *this = LabelAccumulator{}; }
  void note(const std::optional<UtcSeconds>& observed) {
    if (observed && (!oldest || *observed < *oldest)) oldest = observed;
  }
};

}  // namespace

MoneynessSeries moneyness_series(const ChainReader& chain, const ContractSpecs&,
                                 const MoneynessSeriesRequest& request) {
  MoneynessSeries out;
  if (!request.window) return out;
  const Indicator indicator = request.indicator;
  const Combination how = combination_of(indicator);
  const int decimals = indicator_decimals(indicator);
  const bool count_oi = is_oi_indicator(indicator);
  const bool flows_needed = is_flow(indicator);

  for (Expiry expiry : request.expiries) {
    std::array<std::vector<MoneynessPoint>, kMoneynessRanks> lines;
    std::array<std::optional<UtcSeconds>, kMoneynessRanks> oldest;
    std::array<LabelAccumulator, kMoneynessRanks> acc;
    bool saw_strikes = false, saw_oi = false;

    chain.for_each_bucket_state(
        request.symbol, expiry, request.timeframe, request.window->from, request.window->to,
        request.until, flows_needed, state_fields_of(indicator),
        [&](UtcSeconds time, std::vector<StrikeBar>& flows, const ChainState& state) {
          const std::optional<std::size_t> atm = atm_index(state);
          if (!atm) return;
          for (LabelAccumulator& a : acc) a.clear();
          for (std::size_t i = 0; i < state.strikes.size(); ++i) {
            const StrikeState& s = state.strikes[i];
            saw_strikes = true;
            const bool oi_gap = oi_missing_or_zero(s.call) || oi_missing_or_zero(s.put);
            if (!oi_missing_or_zero(s.call) || !oi_missing_or_zero(s.put)) saw_oi = true;
            if (count_oi && oi_gap) ++out.oi_zero_points;
            const StrikeBar* flow = flows_needed ? find_bar(flows, s.strike) : nullptr;
            LabelAccumulator& a = acc[static_cast<std::size_t>(
                moneyness_rank(moneyness_level(i, *atm), request.side))];
            bool used = false;
            if (how == Combination::put_call_ratio) {
              if (auto c = side_value(s.call, flow ? &flow->call : nullptr, indicator)) {
                a.call_sum += *c;
                a.has_call = true;
                used = true;
              }
              if (auto p = side_value(s.put, flow ? &flow->put : nullptr, indicator)) {
                a.put_sum += *p;
                a.has_put = true;
                used = true;
              }
            } else if (auto v = combined_value(s, flow, indicator, request.side)) {
              a.sum += *v;
              ++a.count;
              used = true;
            }
            if (used && !flows_needed) {
              if (request.side != SideSelection::put) a.note(s.call.observed_at);
              if (request.side != SideSelection::call) a.note(s.put.observed_at);
            }
          }
          for (std::size_t rank = 0; rank < acc.size(); ++rank) {
            const LabelAccumulator& a = acc[rank];
            std::optional<double> value;
            if (how == Combination::put_call_ratio) {
              if (a.has_call && a.has_put && a.call_sum != 0) value = a.put_sum / a.call_sum;
            } else if (a.count > 0) {
              value = how == Combination::sum ? a.sum : a.sum / a.count;
            }
            if (!value) continue;
            lines[rank].push_back({time, round_to(*value, decimals)});
            if (a.oldest && (!oldest[rank] || *a.oldest < *oldest[rank])) oldest[rank] = a.oldest;
          }
        });

    for (std::size_t rank = 0; rank < lines.size(); ++rank) {
      if (lines[rank].empty()) continue;
      out.lines.push_back({expiry, static_cast<int>(rank), std::move(lines[rank]), oldest[rank]});
    }
    if (count_oi && saw_strikes && !saw_oi) out.expiries_without_oi.push_back(expiry);
  }
  return out;
}

}  // namespace strikeline
