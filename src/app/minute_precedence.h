// Minute data takes precedence over a bhavcopy day (issue 20): once an import has stored minute
// bars, each contract-day (symbol, expiry, IST day) they touched whose 15:30 IST bar is marked as
// an end-of-day file's daily bar (BarOrigin::daily_bars, bars/daily_bars.h) loses that
// bar: the day's bars are replaced by its other bars, the minute data, with the day's state,
// catalogue span and rollups recomputed, so as-of reads, series and the chain read the minutes.
// A contract-day without minute data keeps its daily bar; a bhavcopy imported after minute data
// of its day writes no daily bar for it (app/daily_import.h).
#pragma once

#include <cstddef>
#include <span>

#include "store/bar_repository.h"

namespace strikeline::app {

// The daily bars removed. Throws StorageError (nothing of that day changed) when storage fails.
std::size_t give_minute_data_precedence(BarRepository& repository,
                                        std::span<const StrikeBar> minute_bars, BarOrigin origin);

}  // namespace strikeline::app
