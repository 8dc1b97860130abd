// fo_contract_states on PostgreSQL (migrations/006; store/contract_day_state.h): the statements
// that keep it (a write COPYs its day states into the session's temporary fo_incoming_states, ON
// COMMIT DELETE ROWS, and upserts them keeping, field by field, the value with the higher
// observation key) and read it (the states of the contracts with an expiry on or after a day,
// from the days before it), and its rows both ways: COPY text lines, and the text columns of the
// select.
#pragma once

#include <string>

#include "store/contract_day_state.h"
#include "store/postgres/pg_connection.h"

namespace strikeline::pg {

const std::string& create_incoming_states_sql();
const std::string& copy_incoming_states_sql();
const std::string& upsert_incoming_states_sql();
// $1: the day (YYYY-MM-DD); rows ascending by expiry, symbol, strike, day.
const std::string& select_states_before_sql();

void append_state_copy_row(std::string& out, const ContractDayState& state);
// False when the row cannot be a state (unparsable text, non-positive strike).
bool read_contract_state(const Result& result, int row, ContractDayState& state);

}  // namespace strikeline::pg
