// The simulator's implied volatility surface: an ATM level from the underlying process, a term
// structure (short-dated options a little richer), and a smile in standardised moneyness with the
// equity-index skew (out-of-the-money puts richer than calls).
#pragma once

namespace strikeline::sim {

// Annualised implied volatility of strike K on a forward F with `years` to expiry, given the ATM
// level. Always in [0.03, 3].
double surface_volatility(double atm_level, double forward, double strike, double years);

}  // namespace strikeline::sim
