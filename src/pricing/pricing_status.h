// Outcome of a pricing computation. Every function of strikeline::pricing reports failure through
// this enum instead of NaN or an exception; `ok` promises that every numeric output is finite.
#pragma once

#include <cstdint>
#include <string_view>

namespace strikeline::pricing {

enum class PricingStatus : std::uint8_t {
  ok,               // result valid and finite
  below_intrinsic,  // premium below intrinsic value by more than its rounding noise
  above_maximum,    // premium at or above the no-arbitrage maximum (forward or strike, discounted)
  expired,          // time to expiry is zero or negative
  invalid_input,    // a non-finite input, a non-positive price level, a negative premium or vol
  no_information,  // premium indistinguishable in double precision from intrinsic (or zero) or from
                   // the maximum: it does not determine a volatility
};

constexpr std::string_view status_name(PricingStatus status) {
  switch (status) {
    case PricingStatus::ok:
      return "ok";
    case PricingStatus::below_intrinsic:
      return "below_intrinsic";
    case PricingStatus::above_maximum:
      return "above_maximum";
    case PricingStatus::expired:
      return "expired";
    case PricingStatus::invalid_input:
      return "invalid_input";
    case PricingStatus::no_information:
      return "no_information";
  }
  return "unknown";
}

}  // namespace strikeline::pricing
