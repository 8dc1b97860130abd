// The skew of one expiry's smile as of a moment (issue 21 item 4), from the chain's state
// (store/chain_state.h: each side's IV and delta of its last valid analytics):
//  - ATM IV: at the ATM strike (query/atm.h), the mean of the call's and the put's IV that exist
//    (as GET /fo/expiry-metrics's atm_iv);
//  - the 25-delta IVs: IV(25D call) where the calls' delta is 0.25, IV(25D put) where the puts'
//    delta is -0.25, each interpolated linearly in delta between the two neighbouring listed
//    strikes (among those whose side has analytics) whose deltas bracket the target, the crossing
//    nearest the money (going up the strikes from ATM for calls, down for puts); a strike whose
//    delta is the target gives its own IV; no bracket (the wing not listed or not priced that
//    far): null. Each side's own IV and delta are read, as the write path priced them;
//  - RR25 = IV(25D call) - IV(25D put); BF25 = (IV(25D call) + IV(25D put)) / 2 - ATM IV.
// IVs in percent, rounded to 4 decimals (the strikes of the brackets are exact).
#pragma once

#include <optional>
#include <span>

#include "core/side.h"
#include "core/strike.h"
#include "store/chain_state.h"

namespace strikeline {

inline constexpr double kSkewDelta = 0.25;

struct SmileSkew {
  std::optional<Strike> atm_strike;
  std::optional<double> atm_iv;
  std::optional<double> call25_iv, put25_iv;
  std::optional<double> rr25, bf25;
};

SmileSkew smile_skew(const ChainState& state);

// One side's smile point: a listed strike's delta and IV (percent).
struct DeltaIv {
  double strike = 0;
  double delta = 0;
  double iv = 0;
};

// The IV where `points` (ascending by strike, one side's) reach `target_delta`, linear in delta
// between the bracketing neighbours; the search starts at index `from` and walks up the strikes
// (up = true) or down. nullopt when no neighbours bracket the target.
std::optional<double> iv_at_delta(std::span<const DeltaIv> points, double target_delta,
                                  std::size_t from, bool up);

}  // namespace strikeline
