// Benchmark baseline only (not used by the server): the textbook implied volatility solver,
// Newton-Raphson on the Black-76 price with the textbook price formula (Phi via std::erfc), started
// at the Manaster-Koehler point sqrt(2 |ln(F/K)| / T), kept inside a shrinking bracket [0, 10] and
// falling back to bisection when a Newton step leaves it. Stops when the step is below 1e-14
// relative (as tight as the textbook formula can honour) or after 100 iterations.
#pragma once

#include "core/side.h"

namespace strikeline::bench {

// Returns sigma; `iterations` (optional) receives the number of price evaluations.
double baseline_implied_volatility(Side side, double premium, double forward, double strike,
                                   double years, double discount, int* iterations = nullptr);

}  // namespace strikeline::bench
