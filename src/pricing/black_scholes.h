// European option prices under Black-76 (forward and discount factor) and Black-Scholes (spot,
// continuously compounded rate and dividend yield), built on the accurate normalised Black function
// (normalised_black.h): a few ulps of the price, or of sigma where the price reacts more than
// proportionally to it, in every regime.
// Pure, allocation-free, noexcept. Failure is a PricingStatus, never NaN: invalid_input for a
// non-finite argument (years = -inf aside), a non-positive forward/spot, strike or discount, or a
// negative sigma; expired (years <= 0) returns the discounted intrinsic value; otherwise ok.
#pragma once

#include "core/side.h"
#include "pricing/pricing_status.h"

namespace strikeline::pricing {

struct [[nodiscard]] PriceResult {
  PricingStatus status;
  double price;  // finite whenever status is ok or expired; 0 otherwise
};

// discount * Black(forward, strike, sigma, years).
PriceResult black76_price(Side side, double forward, double strike, double sigma, double years,
                          double discount = 1.0) noexcept;

// Black-Scholes-Merton: forward = spot exp((rate - dividend_yield) years), discount exp(-rate
// years).
PriceResult black_scholes_price(Side side, double spot, double strike, double sigma, double years,
                                double rate, double dividend_yield = 0.0) noexcept;

}  // namespace strikeline::pricing
