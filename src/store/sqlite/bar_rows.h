// How a StrikeBar maps to a row of fo_option_strike_bars (schema_migrations.h), both ways.
// Written: Greeks only when analytics_count > 0, premium open/high/low/close only when
// has_premium, oi / oi_change / underlying / observed_at / the quote's fields only when present;
// NULL otherwise. Read: Greeks are 0
// unless their weight (analytics_count) is positive; a NULL weight of present Greeks (a row from
// elsewhere) is max(count, 1); a NULL close means no premium (a missing open/high/low takes the
// close); NULL volume and counts are 0. So a bar whose meaningless fields are zero
// reads back exactly equal (REAL is a double).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/strike_bar.h"
#include "store/sqlite/sqlite_connection.h"

namespace strikeline::sqlite {

// INSERT ... ON CONFLICT DO UPDATE of `rows` 1-minute bars (replacing every value column and
// updated_at, keeping created_at). Several rows per statement save per-statement work; rows apply
// in order (the later wins).
std::string upsert_bars_sql(int rows);
// The same columns of the 1-minute bars with bucket_time in [?1, ?2), ascending by key.
const std::string& select_bars_sql();

// Binds the write time (epoch seconds) of every row of an upsert_bars_sql() statement.
void bind_written_at(Statement& upsert, std::int64_t written_at);
// Binds a bar as row `row` of an upsert_bars_sql() statement.
void bind_bar(Statement& upsert, int row, const StrikeBar& bar, std::string_view expiry_text);

// Reads the current row of a select_bars_sql() statement into bar. Returns false (bar then
// unspecified) when the row cannot be a bar: unparsable expiry, non-positive strike.
class BarRowReader {
 public:
  bool read(const Statement& row, StrikeBar& bar);

 private:
  std::string expiry_text_;
  Expiry expiry_{};
};

}  // namespace strikeline::sqlite
