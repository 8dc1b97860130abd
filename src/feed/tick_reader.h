// NDJSON tick import (API.md POST /fo/ingest/ticks). One JSON object a line:
//   option:     {"ts","symbol","expiry","strike","type":"CE"|"PE", "price"?, "volume"?, "oi"?,
//                "bid"?, "ask"?, "bid_qty"?, "ask_qty"?, "iv"?, "delta"?, "gamma"?, "theta"?,
//                "vega"?}   (bid/ask: the best bid and offer; quantities in units)
//   future:     {"ts","symbol","expiry","type":"FUT","price", "volume"?, "oi"?}   (type also
//                FUTIDX/FUTSTK, NSE's names; volume the cumulative day volume, oi in units)
//   underlying: {"ts","symbol","price"} (or "type":"INDEX"/"SPOT")
// `ts` is epoch seconds (above 1e11: milliseconds) or ISO 8601 / PostgreSQL text; symbols are
// canonicalised; volume is the cumulative day volume. null means absent; unknown keys are ignored.
// A line with a wrong type, a missing field or an out-of-range value (feed/market_bounds.h; with a
// LiveClock, also a time outside its window) is rejected with its number and reason; the other
// lines are kept. Input that is not NDJSON text is refused whole. TickStreamReader reads the same
// text as it arrives in pieces (an HTTP body), holding the decoded events and at most one
// incomplete line; read_ticks_ndjson reads a whole text with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/market_event.h"
#include "feed/json_line.h"
#include "feed/line_rejection.h"
#include "feed/market_bounds.h"
#include "feed/text_stream.h"

namespace strikeline {

struct TickReadResult {
  std::vector<MarketEvent> events;
  std::vector<LineRejection> rejected;  // the first kListedRejections rejected lines
  std::size_t rejected_count = 0;       // all of them
  std::optional<std::string> refused;   // set: the whole input was refused, events is empty
};

struct TickReadOptions {
  std::optional<LiveClock> live;  // live input: times must lie in its window
};

TickReadResult read_ticks_ndjson(std::string_view text, const TickReadOptions& options = {});

// Decodes one line at a time (the reader's engine, reusable for streamed input).
class TickLineDecoder {
 public:
  explicit TickLineDecoder(TickReadOptions options = {}) : options_(std::move(options)) {}
  // The event of a non-empty line, or nullopt with the reason in `error`.
  std::optional<MarketEvent> decode(std::string_view line, std::string& error);

 private:
  std::optional<MarketEvent> decode_fields(std::string_view line, std::string& error);

  TickReadOptions options_;
  JsonLineParser parser_;
  std::string last_raw_symbol_, last_symbol_;  // canonical_symbol cache
};

class TickStreamReader {
 public:
  explicit TickStreamReader(TickReadOptions options = {});
  TickStreamReader(const TickStreamReader&) = delete;
  TickStreamReader& operator=(const TickStreamReader&) = delete;

  void feed(std::string_view piece);  // the next piece of the text
  void finish();                      // the end of the text
  bool refused() const { return result_.refused.has_value() || text_.refused().has_value(); }
  // Bytes held: the decoded events, the listed rejections and the incomplete line.
  std::size_t memory_bytes() const;
  // The outcome (complete after finish(); a refused input has no events).
  TickReadResult& result();

 private:
  void line(std::string_view text, std::size_t number);

  TickLineDecoder decoder_;
  TickReadResult result_;
  bool first_ = true;
  std::string error_;
  std::size_t rejected_bytes_ = 0;
  TextStream text_;
};

}  // namespace strikeline
