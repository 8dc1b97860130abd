// Tick export in the NDJSON form read_ticks_ndjson imports (ts as epoch seconds with microseconds,
// absent values omitted), so that export -> import reproduces the events exactly.
#pragma once

#include <span>
#include <string>

#include "core/market_event.h"

namespace strikeline {

void append_tick_ndjson(std::string& out, const MarketEvent& event);
std::string write_ticks_ndjson(std::span<const MarketEvent> events);

}  // namespace strikeline
