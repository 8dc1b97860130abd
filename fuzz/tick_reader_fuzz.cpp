// libFuzzer target: the NDJSON tick reader behind POST /fo/ingest/ticks and `strikeline import`
// (feed/tick_reader.h), on any bytes. Invariants: a refused input yields no events and no line
// rejections; otherwise rejected line numbers are ascending, 1-based and within the input's lines,
// every rejection has a reason, and events + rejections never exceed the lines.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feed/tick_reader.h"

using namespace strikeline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const TickReadResult r = read_ticks_ndjson(text);
  if (r.refused) {
    if (!r.events.empty() || !r.rejected.empty() || r.refused->empty()) std::abort();
    return 0;
  }
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  std::size_t previous = 0;
  for (const LineRejection& rejection : r.rejected) {
    if (rejection.line == 0 || rejection.line > lines || rejection.line <= previous) std::abort();
    if (rejection.detail.empty()) std::abort();
    previous = rejection.line;
  }
  if (r.events.size() + r.rejected.size() > lines) std::abort();
  return 0;
}
