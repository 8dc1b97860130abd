#include "query/strike_distribution.h"

#include "query/atm.h"
#include "query/moneyness.h"
#include "query/open_interest_carry.h"

namespace strikeline {

namespace {

// How far back a strike side's last open interest is looked for: a trading day and a night.
constexpr std::chrono::seconds kOpenInterestLookback{24 * 3600};

std::optional<double> rounded(std::optional<double> v, int decimals) {
  if (v) return round_to(*v, decimals);
  return v;
}

}  // namespace

StrikeDistribution strike_distribution(const ChainReader& chain, const ContractSpecs& specs,
                                       const StrikeDistributionRequest& request) {
  StrikeDistribution out;
  const int decimals = indicator_decimals(request.indicator);
  for (Expiry expiry : request.expiries) {
    auto bucket_time =
        chain.latest_bucket(request.symbol, expiry, request.timeframe, request.bucket_time);
    if (!bucket_time) continue;
    std::vector<StrikeBar> bars =
        chain.bucket(request.symbol, expiry, request.timeframe, *bucket_time);
    if (bars.empty()) continue;
    // A side that did not trade in this bucket still has its last open interest (a stock).
    OpenInterestCarry::fill_from_history(chain, request.symbol, expiry, request.timeframe,
                                         *bucket_time, kOpenInterestLookback, bars);

    DistributionSeries series;
    series.expiry = expiry;
    series.bucket_time = *bucket_time;
    const Strike step = specs.spec_for(request.symbol, expiry).strike_step;
    series.underlying = bucket_underlying(bars);
    if (series.underlying) series.atm_strike = atm_strike(bars, *series.underlying, step);

    Strike low = Strike::from_hundredths(INT64_MIN);
    Strike high = Strike::from_hundredths(INT64_MAX);
    if (series.atm_strike) {
      const std::int64_t reach = std::int64_t{request.strike_range} * step.hundredths();
      low = Strike::from_hundredths(series.atm_strike->hundredths() - reach);
      high = Strike::from_hundredths(series.atm_strike->hundredths() + reach);
    }

    bool chain_has_oi = false;
    for (const StrikeBar& bar : bars) {
      if (!oi_missing_or_zero(bar.call) || !oi_missing_or_zero(bar.put)) chain_has_oi = true;
      if (bar.key.strike < low || bar.key.strike > high) continue;
      DistributionPoint point;
      point.strike = bar.key.strike;
      point.value = rounded(combined_value(bar, request.indicator, request.side), decimals);
      point.call = rounded(side_value(bar.call, request.indicator), decimals);
      point.put = rounded(side_value(bar.put, request.indicator), decimals);
      point.call_oi = bar.call.oi ? static_cast<double>(*bar.call.oi) : 0.0;
      point.put_oi = bar.put.oi ? static_cast<double>(*bar.put.oi) : 0.0;
      if (series.underlying) {
        if (auto level = moneyness_level(bar.key.strike, *series.underlying, step)) {
          point.moneyness_rank = moneyness_rank(*level, request.side);
        }
      }
      if (oi_missing_or_zero(bar.call) || oi_missing_or_zero(bar.put)) ++out.oi_zero_points;
      series.points.push_back(point);
    }
    if (!chain_has_oi) out.expiries_without_oi.push_back(expiry);
    if (series.underlying) series.underlying = round_to(*series.underlying, 2);
    out.series.push_back(std::move(series));
  }
  return out;
}

}  // namespace strikeline
