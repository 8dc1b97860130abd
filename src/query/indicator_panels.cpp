#include "query/indicator_panels.h"

#include <array>

namespace strikeline {

namespace {

constexpr std::optional<SideSelection> kAnySide = std::nullopt;

constexpr std::array kPanels{
    IndicatorPanel{"iv_moneyness", "IV by moneyness", "iv", "horizontal", kAnySide, true},
    IndicatorPanel{"delta_moneyness", "Delta by moneyness", "delta", "horizontal", kAnySide, false},
    IndicatorPanel{"gamma_moneyness", "Gamma by moneyness", "gamma", "horizontal", kAnySide, false},
    IndicatorPanel{"theta_moneyness", "Theta by moneyness", "theta", "horizontal", kAnySide, false},
    IndicatorPanel{"vega_moneyness", "Vega by moneyness", "vega", "horizontal", kAnySide, false},
    IndicatorPanel{"oi_moneyness", "OI by moneyness", "oi", "horizontal", kAnySide, false},
    IndicatorPanel{"pcr_moneyness", "PCR by moneyness", "pcr", "horizontal", kAnySide, false},
    IndicatorPanel{"iv_strike", "IV by strike", "iv", "vertical", kAnySide, true},
    IndicatorPanel{"delta_strike", "Delta by strike", "delta", "vertical", kAnySide, false},
    IndicatorPanel{"gamma_strike", "Gamma by strike", "gamma", "vertical", kAnySide, false},
    IndicatorPanel{"theta_strike", "Theta by strike", "theta", "vertical", kAnySide, false},
    IndicatorPanel{"vega_strike", "Vega by strike", "vega", "vertical", kAnySide, false},
    IndicatorPanel{"call_oi_strike", "Call OI by strike", "oi", "vertical", SideSelection::call,
                   false},
    IndicatorPanel{"put_oi_strike", "Put OI by strike", "oi", "vertical", SideSelection::put,
                   false},
    IndicatorPanel{"oi_strike", "OI by strike", "oi", "vertical", kAnySide, true},
    IndicatorPanel{"pcr_strike", "PCR by strike", "pcr", "vertical", kAnySide, false},
    IndicatorPanel{"max_pain", "Max pain per expiry", "max_pain", "vertical", kAnySide, false},
};

}  // namespace

std::span<const IndicatorPanel> indicator_panels() {
  return kPanels;
}

}  // namespace strikeline
