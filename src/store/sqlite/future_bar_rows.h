// fo_future_bars rows (SQLite schema 6) <-> FutureBar (core/future_bar.h): the upsert statement
// with its bindings and the scan's select with its reader. Times are epoch seconds, expiries
// YYYY-MM-DD text, NULL for what a bar lacks.
#pragma once

#include <string>

#include "core/future_bar.h"
#include "store/sqlite/sqlite_connection.h"

namespace strikeline::sqlite {

// Parameters ?1..?14: the bar's columns, ?15 the write time (created_at on insert, updated_at),
// ?16 the source ('market' or 'simulator'; a bar rewritten by the other one becomes 'mixed').
std::string upsert_future_bar_sql();
// `expiry_text` and `source` must stay alive until the statement is stepped.
void bind_future_bar(Statement& statement, const FutureBar& bar, const std::string& expiry_text,
                     std::int64_t written_at, std::string_view source);

// Bars with bucket_time in [?1, ?2), ascending by bucket, symbol, expiry.
std::string select_future_bars_sql();
// False (bar unchanged) for a row that cannot be a bar (unparsable expiry).
bool read_future_bar(const Statement& statement, FutureBar& bar);

}  // namespace strikeline::sqlite
