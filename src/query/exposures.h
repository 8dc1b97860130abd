// Greek exposures of one expiry (API.md GET /fo/exposures), from the chain as of a moment
// (store/chain_state.h: each side's OI and the IV of its last valid analytics, the underlying).
//
// Each option's Greeks are recomputed at the moment's spot from its IV (pricing::
// black_scholes_greeks: Black-Scholes on the spot, the rate kExposureRate, no dividend yield, the
// time to expiry as the server's IV convention counts it, core/iv_convention.h), so the exposures
// are current when the option last traded long ago and the total GEX is the zero-gamma curve's
// value at the spot (query/gamma_curve.h). Per side, in rupees:
//   GEX = sign * gamma * OI (units) * spot^2 * 0.01   per 1 % move of the underlying
//   DEX = delta * OI * spot * 0.01                     per 1 % move (a put's delta is negative)
//   VEX = sign * vega * OI                             per vol point
// sign +1 for calls, -1 for puts: the dealer convention (dealers long the calls, short the puts
// open), so in all three the calls count positive and the puts negative. A strike's net is the sum
// of its sides. Totals and the zero-gamma level are over every listed strike; rows are the strikes
// within ATM +- strike_range listed positions (all by default). A side with OI but no usable IV
// (never priced) has no exposures and is counted as unpriced; without OI it contributes 0.
// Without an underlying, or once the expiry has closed, nothing is computed (totals null).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/symbol.h"
#include "query/gamma_curve.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

// The rate IVs are priced with (core/forward_source.h: 10 %, NSE's; the nse convention's too).
inline constexpr double kExposureRate = kDefaultPricingRate;

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
  double years = 0;                      // time to expiry as the convention counts it at the moment
  std::optional<ExposureTotals> totals;  // null: nothing priced
  std::optional<ZeroGamma> zero_gamma;
  int priced = 0, unpriced = 0;  // sides with OI: with and without a usable IV
  std::optional<Strike> atm_strike;
  std::vector<ExposureRow> rows;  // ascending by strike; empty unless asked for
};

// The exposures of one chain state at `moment`; rows within `range` of ATM when with_rows.
ExposureSnapshot exposures_of(const ChainState& state, UtcSeconds moment, IvConvention convention,
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
