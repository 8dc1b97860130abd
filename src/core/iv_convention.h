// How implied volatility and Greeks are computed from a premium (DESIGN.md "Pricing inputs"):
//  - strikeline (the default): time to 15:30 IST on the expiry in calendar seconds / 365 days; the
//    forward from the future of the expiry when known (Black-76), else spot with the configured
//    rate (Black-Scholes);
//  - nse (as NSE publishes IVs on its option-chain page): Black-Scholes on the spot, r = 10 %,
//    q = 0, time = whole calendar days from the IST date to the expiry date, at least 1, / 365, so
//    an option on its expiry day still has an IV.
#pragma once

#include <optional>
#include <string_view>

#include "core/expiry.h"

namespace strikeline {

enum class IvConvention { strikeline, nse };

inline constexpr double kNseIvRate = 0.10;

std::optional<IvConvention> parse_iv_convention(std::string_view text);  // "strikeline", "nse"
std::string_view iv_convention_name(IvConvention convention);

// Years to expiry as the convention counts them at `now`; negative once the contract has expired
// (after 15:30 IST on the expiry day for strikeline, after the expiry date for nse).
double convention_years(IvConvention convention, Expiry expiry, Timestamp now);

}  // namespace strikeline
