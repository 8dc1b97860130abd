// How a StrikeBar maps to a row of fo_option_strike_bars in PostgreSQL (migrations/001), both
// ways, with the same NULL conventions as the SQLite file (store/sqlite/bar_rows.h): Greeks only
// when analytics_count > 0, premium only when has_premium, oi / oi_change / underlying only when
// present. Writing produces COPY text-format lines for the incoming-bars table
// (bar_statements.h); reading takes the text columns of bar_statements' select_bars_sql().
// Doubles travel as shortest round-trip text both ways, so a bar reads back exactly equal.
#pragma once

#include <string>
#include <string_view>

#include "core/strike_bar.h"
#include "store/postgres/pg_connection.h"

namespace strikeline::pg {

// The per-bar value columns after the key, in table names, as COPY and SELECT list them:
// underlying_close, then per side (call, put) iv, delta, gamma, theta, vega averages, volume,
// count, oi, oi change, analytics count, open, high, low, close, observed_at, bid, ask, bid_qty,
// ask_qty.
const std::vector<std::string>& bar_value_columns();

// Appends one COPY line: epoch, symbol, expiry, strike, then bar_value_columns().
void append_copy_row(std::string& out, const StrikeBar& bar, std::string_view expiry_text);

// Reads row `row` of a select_bars_sql() result into bar. False (bar unspecified) when the row
// cannot be a bar: unparsable numbers or expiry, non-positive strike, empty symbol.
class BarRowReader {
 public:
  bool read(const Result& result, int row, StrikeBar& bar);

 private:
  std::string expiry_text_;
  Expiry expiry_{};
};

}  // namespace strikeline::pg
