// libFuzzer target: the CSV and NDJSON bar readers behind POST /fo/ingest/bars and `strikeline
// import` (feed/bar_reader.h), on any bytes. The first byte picks the declared format (CSV, NDJSON,
// or detected from the content as ingest does without a Content-Type); the rest is the body.
// Invariants: those of line_rejection_checks.h, and every bar is a 1-minute bar with a symbol.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feed/bar_reader.h"
#include "line_rejection_checks.h"

using namespace strikeline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::optional<BarFormat> format;
  switch (data[0] % 3) {
    case 0:
      format = BarFormat::csv;
      break;
    case 1:
      format = BarFormat::ndjson;
      break;
    default:
      format = detect_bar_format(text);
      break;
  }
  if (!format) return 0;
  const BarReadResult r = read_bars(text, *format);
  fuzz::check_line_results(text, r.refused, r.bars.size(), r.rejected);
  for (const StrikeBar& bar : r.bars) {
    if (bar.key.symbol.empty() || bar.key.timeframe != Timeframe::m1) std::abort();
  }
  return 0;
}
