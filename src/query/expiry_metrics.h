// Expiry metrics (API.md GET /fo/expiry-metrics): for one expiry, per bucket of the window, OI and
// volume totals per side, PCR by OI (put OI / call OI) and by volume, max pain by OI (max_pain.h),
// the ATM strike (atm.h), ATM IV (mean of the call and put IV at ATM that exist) and the ATM
// straddle (call close + put close at ATM, when both traded). Ratios are null when the call total
// is 0. Values rounded to 4 decimals.
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
};

struct ExpiryMetrics {
  std::optional<Expiry> expiry;
  std::vector<ExpiryMetricsPoint> points;  // ascending by time
};

// The metrics of one bucket of one chain (bars ascending by strike).
ExpiryMetricsPoint bucket_metrics(UtcSeconds time, std::span<const StrikeBar> bars, Strike step);

ExpiryMetrics expiry_metrics(const ChainReader& chain, const ContractSpecs& specs,
                             const ExpiryMetricsRequest& request);

}  // namespace strikeline
