// Bar export: CSV (header row of kWrittenBarColumns, empty cell = NULL) and NDJSON (one object a
// line, null = NULL), in the formats read_bars imports, so that export -> import reproduces the
// bars exactly (doubles are written in their shortest round-trip form, bucket_time as ISO 8601
// UTC).
#pragma once

#include <span>
#include <string>

#include "core/strike_bar.h"

namespace strikeline {

// The header line (with its newline).
void append_bar_csv_header(std::string& out);
// One CSV line per bar (with newlines), no header.
void append_bars_csv(std::string& out, std::span<const StrikeBar> bars);
// Header and rows.
std::string write_bars_csv(std::span<const StrikeBar> bars);

void append_bars_ndjson(std::string& out, std::span<const StrikeBar> bars);
std::string write_bars_ndjson(std::span<const StrikeBar> bars);

}  // namespace strikeline
