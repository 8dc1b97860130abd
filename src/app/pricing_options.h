// The pricing flags serve and import share (registered by app/commands.h's add_forward_option and
// add_iv_convention_option): --forward future|synthetic|spot (core/forward_source.h) checked
// against --iv-convention and turned into the PricingPolicy in one place, so both commands accept
// and mean the same. The forward applies to the strikeline convention; the nse convention always
// prices on the spot (r = 10 %, whole days), so --forward synthetic or spot with it is refused as
// contradictory.
#pragma once

#include <optional>
#include <string>

#include "core/forward_source.h"
#include "core/iv_convention.h"

namespace strikeline::app {

// The --forward text as a ForwardSource, checked against the convention; nullopt with *error set.
std::optional<ForwardSource> parse_forward_checked(const std::string& text, IvConvention convention,
                                                   std::string* error);

// What the write path prices with and the answers report: nse is the spot at 10 %.
PricingPolicy pricing_policy(IvConvention convention, ForwardSource forward);

}  // namespace strikeline::app
