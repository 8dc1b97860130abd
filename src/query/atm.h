// The underlying of one bucket of a chain and its at-the-money strike.
// bucket_underlying: the median (lower middle) of the bars' underlying_close values, so one stale
// strike cannot move it; nullopt when no bar carries one.
// atm_strike: the strike on the step grid nearest the underlying (ties rounded half to even on the
// grid) when the bucket has that strike, otherwise the bucket's strike nearest the underlying
// (ties: the lower strike); nullopt for an empty bucket or an unusable underlying.
#pragma once

#include <optional>
#include <span>

#include "core/strike_bar.h"

namespace strikeline {

std::optional<double> bucket_underlying(std::span<const StrikeBar> bars);

// bars ascending by strike, as ChainReader returns them.
std::optional<Strike> atm_strike(std::span<const StrikeBar> bars, double underlying, Strike step);

// The bar of `strike` in a bucket ascending by strike, or nullptr.
const StrikeBar* find_strike(std::span<const StrikeBar> bars, Strike strike);

}  // namespace strikeline
