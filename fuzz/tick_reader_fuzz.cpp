// libFuzzer target: the NDJSON tick reader behind POST /fo/ingest/ticks and `strikeline import`
// (feed/tick_reader.h), on any bytes. Invariants: those of line_rejection_checks.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/tick_reader.h"
#include "line_rejection_checks.h"

using namespace strikeline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const TickReadResult r = read_ticks_ndjson(text);
  fuzz::check_line_results(text, r.refused, r.events.size(), r.rejected);
  return 0;
}
