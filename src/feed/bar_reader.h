// Bar import (API.md POST /fo/ingest/bars, `strikeline import`): 1-minute strike bars as CSV (a
// header row naming fo_option_strike_bars columns, in any order, RFC 4180 quoting, empty cell =
// NULL) or NDJSON (one object a line, the column names as keys, null = NULL). Row rules are
// BarRowBuilder's. A rejected row is reported with its line number and reason; input that is not
// the declared format (binary data, not UTF-8, a CSV header without the required columns, NDJSON
// whose first line is not an object) or has no rows is refused whole, with no bars.
#pragma once

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
  std::vector<LineRejection> rejected;
  std::optional<std::string> refused;  // set: nothing of the input may be stored
};

BarReadResult read_bars(std::string_view text, BarFormat format);

// By content: NDJSON when the first non-blank character is '{', CSV when the first line has a
// comma; nullopt for anything else (binary data, empty input, a single bare word).
std::optional<BarFormat> detect_bar_format(std::string_view text);

}  // namespace strikeline
