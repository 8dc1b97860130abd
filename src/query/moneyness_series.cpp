#include "query/moneyness_series.h"

#include <array>

#include "query/atm.h"
#include "query/moneyness.h"
#include "query/open_interest_carry.h"

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

  void clear() { *this = LabelAccumulator{}; }
};

}  // namespace

MoneynessSeries moneyness_series(const ChainReader& chain, const ContractSpecs& specs,
                                 const MoneynessSeriesRequest& request) {
  MoneynessSeries out;
  if (!request.window) return out;
  const Indicator indicator = request.indicator;
  const Combination how = combination_of(indicator);
  const int decimals = indicator_decimals(indicator);
  const bool count_oi = is_oi_indicator(indicator);

  for (Expiry expiry : request.expiries) {
    const Strike step = specs.spec_for(request.symbol, expiry).strike_step;
    std::array<std::vector<MoneynessPoint>, kMoneynessRanks> lines;
    std::array<LabelAccumulator, kMoneynessRanks> acc;
    bool saw_bars = false, saw_oi = false;
    OpenInterestCarry carried;  // open interest is a stock: gaps take the last value seen

    chain.for_each_bucket(
        request.symbol, expiry, request.timeframe, request.window->from, request.window->to,
        [&](UtcSeconds time, std::vector<StrikeBar>& bars) {
          carried.carry(bars);
          const std::optional<double> underlying = bucket_underlying(bars);
          if (!underlying) return;
          for (LabelAccumulator& a : acc) a.clear();
          for (const StrikeBar& bar : bars) {
            saw_bars = true;
            const bool oi_gap = oi_missing_or_zero(bar.call) || oi_missing_or_zero(bar.put);
            if (!oi_missing_or_zero(bar.call) || !oi_missing_or_zero(bar.put)) saw_oi = true;
            if (count_oi && oi_gap) ++out.oi_zero_points;
            const auto level = moneyness_level(bar.key.strike, *underlying, step);
            if (!level) continue;
            LabelAccumulator& a =
                acc[static_cast<std::size_t>(moneyness_rank(*level, request.side))];
            if (how == Combination::put_call_ratio) {
              if (auto c = side_value(bar.call, indicator)) {
                a.call_sum += *c;
                a.has_call = true;
              }
              if (auto p = side_value(bar.put, indicator)) {
                a.put_sum += *p;
                a.has_put = true;
              }
            } else if (auto v = combined_value(bar, indicator, request.side)) {
              a.sum += *v;
              ++a.count;
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
            if (value) lines[rank].push_back({time, round_to(*value, decimals)});
          }
        });

    for (std::size_t rank = 0; rank < lines.size(); ++rank) {
      if (lines[rank].empty()) continue;
      out.lines.push_back({expiry, static_cast<int>(rank), std::move(lines[rank])});
    }
    if (count_oi && saw_bars && !saw_oi) out.expiries_without_oi.push_back(expiry);
  }
  return out;
}

}  // namespace strikeline
