// libFuzzer target: the CSV and NDJSON bar readers behind POST /fo/ingest/bars and `strikeline
// import` (feed/bar_reader.h), on any bytes. The first byte picks the declared format (CSV, NDJSON,
// or detected from the content as ingest does without a Content-Type); the rest is the body.
// Invariants: a refused input yields no bars and no rejections; otherwise rejected line numbers are
// ascending, 1-based and within the input's lines, each with a reason, and every bar is a 1-minute
// bar with a symbol.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feed/bar_reader.h"

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
  if (r.refused) {
    if (!r.bars.empty() || !r.rejected.empty() || r.refused->empty()) std::abort();
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
  for (const StrikeBar& bar : r.bars) {
    if (bar.key.symbol.empty() || bar.key.timeframe != Timeframe::m1) std::abort();
  }
  return 0;
}
