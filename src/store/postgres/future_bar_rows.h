// fo_future_bars (migrations/009) <-> FutureBar (core/future_bar.h) on PostgreSQL: the temporary
// table a write COPYs its future bars into, the upsert from it (the later of two equal keys wins;
// a bar rewritten by the other source becomes 'mixed'), the COPY text row of a bar, and the scan's
// select with its reader.
#pragma once

#include <string>
#include <string_view>

#include "core/future_bar.h"
#include "store/postgres/pg_connection.h"

namespace strikeline::pg {

const std::string& create_incoming_futures_sql();
const std::string& copy_incoming_futures_sql();
// $1: the source ('market' or 'simulator').
const std::string& upsert_incoming_futures_sql();
// NOTIFY on bar_statements' kBarsChannel with the incoming future bars' bucket range (a batch of
// futures alone, which the option bars' notification does not announce); none when there are none.
const std::string& notify_incoming_futures_sql();
void append_future_copy_row(std::string& out, const FutureBar& bar, std::string_view expiry_text);

// $1, $2: epoch seconds [from, to); ascending by bucket, symbol, expiry.
const std::string& select_future_bars_sql();
// False (bar unchanged) for a row that cannot be a bar.
bool read_future_bar(const Result& result, int row, FutureBar& bar);

}  // namespace strikeline::pg
