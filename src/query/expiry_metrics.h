// Expiry metrics (API.md GET /fo/expiry-metrics): for one expiry, per bucket of the window (with
// data of the expiry), from the chain's state at the bucket's end (store/chain_state.h: every
// listed strike, OI and prices carried): OI totals per side, PCR by OI (put OI / call OI), max
// pain by OI (max_pain.h), the underlying, the ATM strike (atm.h), ATM IV (mean of the call and
// put IV at ATM that exist) and the ATM straddle (the sum of both sides' last traded prices at
// ATM); and from the bucket's own bars (flows) the volume totals and PCR by volume. Ratios are
// null when the call total is 0. Values rounded to 4 decimals, the underlying to 2.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/symbol.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct ExpiryMetricsPoint {
  UtcSeconds time;
  std::optional<double> underlying;
  std::int64_t total_call_oi = 0, total_put_oi = 0;
  std::int64_t total_call_volume = 0, total_put_volume = 0;
  std::optional<double> pcr, pcr_volume;
  std::optional<Strike> max_pain;
  std::optional<Strike> atm_strike;
  std::optional<double> atm_iv, atm_straddle;
  std::optional<UtcSeconds> oldest_observation;  // the stalest side of the chain
};

struct ExpiryMetrics {
  std::optional<Expiry> expiry;
  std::vector<ExpiryMetricsPoint> points;  // ascending by time
};

// The metrics of one chain state and its bucket's bars (flows, ascending by strike).
ExpiryMetricsPoint chain_metrics(UtcSeconds time, const ChainState& state,
                                 std::span<const StrikeBar> flows);

ExpiryMetrics expiry_metrics(const ChainReader& chain, const ContractSpecs& specs,
                             const ExpiryMetricsRequest& request);

}  // namespace strikeline
