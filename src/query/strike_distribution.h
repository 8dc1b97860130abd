// Strike distribution (API.md GET /fo/strike-distribution): per requested expiry, that expiry's
// own bucket (the newest, or the newest starting at or before bucket_time), its own underlying
// and ATM strike, and the indicator at every strike within ATM +- strike_range strike steps.
// Expiries without a bucket are left out. When a bucket has no underlying, ATM is unknown and every
// strike is served. Values are rounded (indicator.h); call_oi/put_oi are 0 when unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/symbol.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct DistributionPoint {
  Strike strike;
  std::optional<double> value;  // the side selection's combined value
  std::optional<double> call;   // per-side values (for pcr: OI, for pcr_volume: volume)
  std::optional<double> put;
  double call_oi = 0;
  double put_oi = 0;
  std::optional<int> moneyness_rank;  // see moneyness.h; nullopt without an underlying
};

struct DistributionSeries {
  Expiry expiry;
  UtcSeconds bucket_time;
  std::optional<double> underlying;
  std::optional<Strike> atm_strike;
  std::vector<DistributionPoint> points;  // ascending by strike
};

struct StrikeDistribution {
  std::vector<DistributionSeries> series;  // ascending by expiry
  std::int64_t oi_zero_points = 0;         // points served whose call or put OI was missing or zero
  std::vector<Expiry> expiries_without_oi;  // served chains in which no strike had any OI
};

StrikeDistribution strike_distribution(const ChainReader& chain, const ContractSpecs& specs,
                                       const StrikeDistributionRequest& request);

}  // namespace strikeline
