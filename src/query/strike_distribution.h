// Strike distribution (API.md GET /fo/strike-distribution): per requested expiry, the chain as of
// the request's moment (store/chain_state.h: every listed strike, OI and prices carried), its ATM
// (query/atm.h) and the indicator at every listed strike within ATM +- strike_range positions.
// State indicators read the state as of the moment; the flows (volume, pcr_volume) read the bucket
// that holds the newest data at or before it, up to the moment. Expiries with nothing listed then
// are left out. Without an underlying ATM is unknown and every listed strike is served. Values are
// rounded (indicator.h); call_oi/put_oi are 0 when unknown.
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
  std::optional<UtcSeconds> call_observed_at, put_observed_at;  // each side's age
};

struct DistributionSeries {
  Expiry expiry;
  UtcSeconds bucket_time;  // the bucket of the newest data at or before as_of
  UtcSeconds as_of;
  std::optional<UtcSeconds> oldest_observation;  // of the strikes served
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

// The bar of `strike` among `bars` (ascending by strike), or nullptr.
const StrikeBar* find_bar(std::span<const StrikeBar> bars, Strike strike);

}  // namespace strikeline
