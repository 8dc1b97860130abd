// Greek sums: a bar being composed from several source rows keeps its IV and Greek means as sums
// weighted by analytics_count while rows are added, so adding a row costs no division; the means
// come back once, when the bucket is finished. Every other field follows bars/rollup.h's rules
// (counts and volume add up, OI and OI change take the later value, premium open/high/low/close).
// The result equals the rollup's weighted mean up to floating-point rounding (a few ulps).
#pragma once

#include <cstdint>

#include "core/strike_bar.h"
#include "store/compact_bar.h"

namespace strikeline {

// Turns a bar's means into weighted sums (the first row of a bucket).
void begin_greek_sums(StrikeBar& bar);
// Adds a later row, given as a bar with means, to a bar holding sums.
void add_to_greek_sums(StrikeBar& sums, const BarValues& later);
// Adds a later row, given as a compact cell (not an exact one), to a bar holding sums.
void add_to_greek_sums(StrikeBar& sums, const CompactBar& later);
// Turns the weighted sums back into means.
void end_greek_sums(StrikeBar& bar);

}  // namespace strikeline
