// Greek exposures of one expiry (API.md GET /fo/exposures), from the chain as of a moment
// (store/chain_state.h: each side's OI and the IV of its last valid analytics, the underlying).
//
// Each option's Greeks are recomputed at the moment from its IV on the forward the server prices
// that expiry with (query/expiry_forward.h's chosen_forward under the server's PricingPolicy, its
// --forward: the expiry's future as of the moment, the implied forward, or the spot with the rate):
// Black-76 on the forward F when the choice is a future or a synthetic forward, Black-Scholes on
// the spot with the policy's rate and dividend yield otherwise; the time to expiry as the server's
// IV convention counts it (core/iv_convention.h). So the exposures are current when the option last
// traded long ago and the total GEX is the zero-gamma curve's value at the spot
// (query/gamma_curve.h). The forward moves with the spot (F' = F S'/S), so delta and gamma are
// reported per rupee of the spot: Black-76's delta x F/S and gamma x (F/S)^2 (on the spot with the
// rate they are Black-Scholes' own). Per side, in rupees:
//   GEX = sign * gamma * OI (units) * spot^2 * 0.01   per 1 % move of the underlying
//   DEX = delta * OI * spot * 0.01                     per 1 % move (a put's delta is negative)
//   VEX = sign * vega * OI                             per vol point
// sign +1 for calls, -1 for puts: the dealer convention (dealers long the calls, short the puts
// open), so in all three the calls count positive and the puts negative. A strike's net is the sum
// of its sides. Totals and the zero-gamma level are over every listed strike; rows are the strikes
// within ATM +- strike_range listed positions (all by default). A side with OI but no usable IV
// (never priced) has no exposures and is counted as unpriced; without OI it contributes 0.
// Without an underlying or a forward, or once the expiry has closed, nothing is computed (totals
// null).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/symbol.h"
#include "query/gamma_curve.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

struct SideExposure {
  std::optional<std::int64_t> oi;
  std::optional<double> iv;                  // percent, the side's last valid IV
  std::optional<double> gex, dex, vex;       // null: no OI or no usable IV
  std::optional<double> gamma, delta, vega;  // recomputed at the spot
};

struct ExposureRow {
  Strike strike;
  SideExposure call, put;
  double gex = 0, dex = 0, vex = 0;  // net of the sides that have them
};

struct ExposureTotals {
  double gex = 0, dex = 0, vex = 0;
  double call_gex = 0, put_gex = 0, call_dex = 0, put_dex = 0, call_vex = 0, put_vex = 0;
};

struct ExposureSnapshot {
  std::optional<double> spot;
  std::optional<double> forward;                // F priced on (for the spot: S exp((r - q) T))
  std::optional<ForwardSource> forward_source;  // null: no forward known (nothing computed)
  double years = 0;                      // time to expiry as the convention counts it at the moment
  std::optional<ExposureTotals> totals;  // null: nothing priced
  std::optional<ZeroGamma> zero_gamma;
  int priced = 0, unpriced = 0;  // sides with OI: with and without a usable IV
  std::optional<Strike> atm_strike;
  std::vector<ExposureRow> rows;  // ascending by strike; empty unless asked for
};

// The exposures of one chain state at `moment` under `policy`, `future` the expiry's future as of
// the moment (query/expiry_forward.h's future_as_of); rows within `range` of ATM when with_rows.
ExposureSnapshot exposures_of(const ChainState& state, UtcSeconds moment, IvConvention convention,
                              const PricingPolicy& policy, std::optional<double> future,
                              const std::optional<int>& range, bool with_rows);

struct Exposures {
  std::string symbol;
  std::optional<Expiry> expiry;
  std::string expiry_label;
  std::optional<int> days_to_expiry;
  std::int64_t lot_size = 1;  // of this expiry on the moment's IST day
  UtcSeconds as_of;
  std::optional<int> strike_range;
  std::size_t listed_strikes = 0;
  std::optional<UtcSeconds> oldest_observation;
  ExposureSnapshot snapshot;
};

Exposures exposures(const ChainReader& chain, const ContractSpecs& specs,
                    const ExposuresRequest& request);

// The series: per bucket with data, the totals and the zero-gamma level at the bucket's end (or
// `until`, in the bucket holding it).
struct ExposurePoint {
  UtcSeconds time;
  ExposureSnapshot snapshot;  // without rows
};
struct ExposureSeries {
  std::optional<Expiry> expiry;
  std::vector<ExposurePoint> points;
};
ExposureSeries exposure_series(const ChainReader& chain, const ExposuresRequest& request);

}  // namespace strikeline
