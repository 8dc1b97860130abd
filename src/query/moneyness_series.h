// Moneyness series (API.md GET /fo/moneyness-series): for every bucket of the window (with data of
// the expiry), the chain's state at the bucket's end (or as of the `to` a client gave, for the
// bucket holding it): each listed strike is labelled by its position from that moment's ATM
// (moneyness.h, side-aware) and the strikes sharing a label are combined into one point: the mean
// of their values, the sum for oi, oi_change and volume, and for pcr / pcr_volume the ratio of the
// summed put and call sides. State indicators read the state; flows (volume, pcr_volume) the
// bucket's bars. Buckets without an underlying are skipped. Lines come ordered by expiry, then
// ITM10..ITM1, ATM, OTM1..OTM10; points ascending by time; lines without points are left out.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/symbol.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct MoneynessPoint {
  UtcSeconds time;
  double value = 0;
};

struct MoneynessLine {
  Expiry expiry;
  int rank = 0;  // moneyness.h; moneyness_label(rank) names it
  std::vector<MoneynessPoint> points;
  std::optional<UtcSeconds> oldest_observation;  // the stalest state behind any point
};

struct MoneynessSeries {
  std::vector<MoneynessLine> lines;
  // For OI indicators (oi, oi_change, pcr): strike states used whose call or put OI was
  // missing/zero.
  std::int64_t oi_zero_points = 0;
  std::vector<Expiry> expiries_without_oi;  // for OI indicators: no strike in the window had OI
};

MoneynessSeries moneyness_series(const ChainReader& chain, const ContractSpecs& specs,
                                 const MoneynessSeriesRequest& request);

}  // namespace strikeline
