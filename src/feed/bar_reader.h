// Bar import (API.md POST /fo/ingest/bars, `strikeline import`): 1-minute strike bars as CSV (a
// header row naming fo_option_strike_bars columns, in any order, RFC 4180 quoting, empty cell =
// NULL) or NDJSON (one object a line, the column names as keys, null = NULL). Row rules are
// BarRowBuilder's, then the bounds of feed/market_bounds.h (with `latest`, also no bar starting
// after it). A rejected row is reported with its line number and reason (the first
// kListedRejections listed, all counted); input that is not the declared format (binary data, not
// UTF-8, a CSV header without the required columns, NDJSON whose first line is not an object) or
// has no rows is refused whole, with no bars. BarStreamReader reads the same text as it arrives in
// pieces (an HTTP body), holding the bars and at most one incomplete record; read_bars reads a
// whole text with it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strike_bar.h"
#include "feed/line_rejection.h"

namespace strikeline {

enum class BarFormat { csv, ndjson };

std::string_view bar_format_name(BarFormat format);  // "csv", "ndjson"

struct BarReadResult {
  std::vector<StrikeBar> bars;
  std::vector<LineRejection> rejected;  // the first kListedRejections rejected lines
  std::size_t rejected_count = 0;       // all of them
  std::optional<std::string> refused;   // set: nothing of the input may be stored
};

struct BarReadOptions {
  std::optional<Timestamp> latest;  // no bar may start after it (live input)
};

BarReadResult read_bars(std::string_view text, BarFormat format,
                        const BarReadOptions& options = {});

// By content: NDJSON when the first non-blank character is '{', CSV when the first line has a
// comma; nullopt for anything else (binary data, empty input, a single bare word).
[[nodiscard]] std::optional<BarFormat> detect_bar_format(std::string_view text);

class BarStreamReader {
 public:
  // `format` nullopt: decided by detect_bar_format on the first line (refused when it decides
  // nothing).
  explicit BarStreamReader(std::optional<BarFormat> format, BarReadOptions options = {});
  ~BarStreamReader();
  BarStreamReader(const BarStreamReader&) = delete;
  BarStreamReader& operator=(const BarStreamReader&) = delete;

  void feed(std::string_view piece);  // the next piece of the text
  void finish();                      // the end of the text
  bool refused() const;
  // Bytes held: the bars, the listed rejections and the incomplete record.
  std::size_t memory_bytes() const;
  // The outcome (complete after finish(); a refused input has no bars).
  BarReadResult& result();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace strikeline
