// Rollup rules (DESIGN.md): folding a later bar of the same strike into an accumulated one.
// Greeks: mean weighted by tick count (analytics_count); volume and count: sum; oi, oi_change and
// underlying: last present value; premium: first open, max high, min low, last close. A rollup has
// no observed_at and no quote (the moment of an observation and the quote are a 1-minute bar's
// state, read by the chain store).
#pragma once

#include "core/strike_bar.h"

namespace strikeline {

// `later` must not be earlier in time than everything already folded into `acc`.
void fold_side(SideBar& acc, const SideBar& later);
// Folds the sides and the underlying; leaves acc.key untouched.
void fold_bar(StrikeBar& acc, const StrikeBar& later);

}  // namespace strikeline
