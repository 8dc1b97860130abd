// NDJSON tick import (API.md POST /fo/ingest/ticks). One JSON object a line:
//   option:     {"ts","symbol","expiry","strike","type":"CE"|"PE", "price"?, "volume"?, "oi"?,
//                "bid"?, "ask"?, "iv"?, "delta"?, "gamma"?, "theta"?, "vega"?}
//   future:     {"ts","symbol","expiry","type":"FUT","price"}
//   underlying: {"ts","symbol","price"} (or "type":"INDEX"/"SPOT")
// `ts` is epoch seconds (above 1e11: milliseconds) or ISO 8601 / PostgreSQL text; symbols are
// canonicalised; volume is the cumulative day volume. null means absent; unknown keys are ignored.
// A line with a wrong type, a missing field or an out-of-range value is rejected with its number
// and reason; the other lines are kept. Input that is not NDJSON text is refused whole.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/market_event.h"
#include "feed/json_line.h"
#include "feed/line_rejection.h"

namespace strikeline {

struct TickReadResult {
  std::vector<MarketEvent> events;
  std::vector<LineRejection> rejected;
  std::optional<std::string> refused;  // set: the whole input was refused, events is empty
};

TickReadResult read_ticks_ndjson(std::string_view text);

// Decodes one line at a time (the reader's engine, reusable for streamed input).
class TickLineDecoder {
 public:
  // The event of a non-empty line, or nullopt with the reason in `error`.
  std::optional<MarketEvent> decode(std::string_view line, std::string& error);

 private:
  JsonLineParser parser_;
  std::string last_raw_symbol_, last_symbol_;  // canonical_symbol cache
};

}  // namespace strikeline
