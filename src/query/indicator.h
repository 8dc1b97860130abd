// Indicators of API.md and how a strike's value is read. Every indicator but the flows reads the
// strike's state as of the answer's moment (store/chain_state.h): IV and Greeks of its last valid
// analytics, oi, oi_change, premium (the last traded price), pcr (put OI / call OI). The flows,
// volume and pcr_volume, read the strike's bar of the bucket (0 when the side did not trade in it).
// Combining sides (both): oi, oi_change and volume add the sides that have a value; iv, Greeks and
// premium are the mean of the sides that have a value (a missing side is not 0); pcr and
// pcr_volume are always the put/call ratio (null when the call side is absent or 0). Served
// values are rounded to 4 decimals, gamma to 6.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/side.h"
#include "core/strike_bar.h"
#include "store/chain_state.h"

namespace strikeline {

enum class Indicator : std::uint8_t {
  iv,
  delta,
  gamma,
  theta,
  vega,
  oi,
  oi_change,
  volume,
  pcr,
  pcr_volume,
  premium
};

inline constexpr std::array kAllIndicators{
    Indicator::iv,   Indicator::delta,      Indicator::gamma,     Indicator::theta,
    Indicator::vega, Indicator::oi,         Indicator::oi_change, Indicator::volume,
    Indicator::pcr,  Indicator::pcr_volume, Indicator::premium};

std::string_view indicator_name(Indicator indicator);
// Exact names, case-insensitive, surrounding blanks ignored.
[[nodiscard]] std::optional<Indicator> parse_indicator(std::string_view text);
// "iv, delta, ..." for error messages.
std::string_view supported_indicators();

// How the sides (and, in moneyness series, the strikes of one label) combine.
enum class Combination : std::uint8_t { sum, mean, put_call_ratio };
Combination combination_of(Indicator indicator);

// Decimal places of served values: 6 for gamma, 4 otherwise.
int indicator_decimals(Indicator indicator);
// value rounded half away from zero to `decimals` places (non-finite values pass through).
double round_to(double value, int decimals);

// True for the indicators that are a bucket's flow (volume, pcr_volume).
bool is_flow(Indicator indicator);

// One side's value of the indicator, from its state and (for flows) its bar of the bucket (null:
// the strike did not trade in it). For pcr / pcr_volume this is the ratio's ingredient on that side
// (its OI / its volume).
std::optional<double> side_value(const SideState& state, const SideBar* flow, Indicator indicator);

// The parts of a side's state side_value() reads for the indicator (none for a flow).
StateFields state_fields_of(Indicator indicator);

// The strike's value for a side selection, unrounded.
std::optional<double> combined_value(const StrikeState& state, const StrikeBar* flow,
                                     Indicator indicator, SideSelection selection);

// True when the side's open interest is missing or zero (what fo_oi_zero_count_total counts).
inline bool oi_missing_or_zero(const SideState& side) {
  return !side.oi || *side.oi == 0;
}

}  // namespace strikeline
