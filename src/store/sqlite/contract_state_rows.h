// How a ContractDayState (store/contract_day_state.h) maps to a row of fo_contract_states
// (schema_migrations.h, version 3), both ways, and the statements that keep and read the table:
// an upsert that keeps, field by field, the value with the higher observation key, and the rows
// of the contracts with an expiry on or after a day, from the days before it.
#pragma once

#include <string>

#include "store/contract_day_state.h"
#include "store/sqlite/sqlite_connection.h"

namespace strikeline::sqlite {

const std::string& upsert_contract_state_sql();
// Parameter ?1: the day (YYYY-MM-DD); rows ascending by expiry, symbol, strike, day.
const std::string& select_states_before_sql();

void bind_contract_state(Statement& upsert, const ContractDayState& state,
                         const std::string& expiry_text, const std::string& day_text);
// false when the row cannot be a state (unparsable dates, non-positive strike).
bool read_contract_state(const Statement& row, ContractDayState& state);

}  // namespace strikeline::sqlite
