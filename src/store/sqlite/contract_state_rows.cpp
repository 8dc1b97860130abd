#include "store/sqlite/contract_state_rows.h"

#include <vector>

namespace strikeline::sqlite {

namespace {

constexpr int kKeyColumns = 4;  // expiry, symbol, strike, day

std::string column_list() {
  std::string out;
  for (const std::string& c : contract_state_columns()) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace

const std::string& upsert_contract_state_sql() {
  static const std::string sql = [] {
    std::string out = "INSERT INTO fo_contract_states (" + column_list() + ") VALUES (";
    const std::size_t n = contract_state_columns().size();
    for (std::size_t i = 1; i <= n; ++i) out += (i > 1 ? ", ?" : "?") + std::to_string(i);
    out += ") ON CONFLICT (expiry, symbol, strike, day) DO UPDATE SET ";
    bool first = true;
    for (const StateColumnGroup& g : contract_state_groups()) {
      for (const std::string& v : g.values) {
        out += (first ? "" : ", ") + v + " = CASE WHEN excluded." + g.key + " >= " + g.key +
               " THEN excluded." + v + " ELSE " + v + " END";
        first = false;
      }
      out += (first ? "" : ", ") + g.key + " = max(" + g.key + ", excluded." + g.key + ")";
      first = false;
    }
    return out;
  }();
  return sql;
}

const std::string& select_states_before_sql() {
  static const std::string sql = "SELECT " + column_list() +
                                 " FROM fo_contract_states WHERE expiry >= ?1 AND day < ?1 "
                                 "ORDER BY expiry, symbol, strike, day";
  return sql;
}

void bind_contract_state(Statement& upsert, const ContractDayState& state,
                         const std::string& expiry_text, const std::string& day_text) {
  upsert.bind_text(1, expiry_text);
  upsert.bind_text(2, state.symbol);
  upsert.bind_double(3, state.strike.to_double());
  upsert.bind_text(4, day_text);
  int index = kKeyColumns + 1;
  for (const std::optional<double>& v : contract_state_values(state)) {
    v ? upsert.bind_double(index, *v) : upsert.bind_null(index);
    ++index;
  }
}

bool read_contract_state(const Statement& row, ContractDayState& state) {
  const auto expiry = parse_date(row.column_text(0));
  const auto strike = Strike::from_double(row.column_double(2));
  const auto day = parse_date(row.column_text(3));
  if (!expiry || !day || !strike || strike->hundredths() <= 0) return false;
  state.expiry = *expiry;
  state.symbol.assign(row.column_text(1));
  state.strike = *strike;
  state.day = *day;
  std::vector<std::optional<double>> values;
  const int n = static_cast<int>(contract_state_columns().size());
  for (int c = kKeyColumns; c < n; ++c) {
    values.push_back(row.is_null(c) ? std::nullopt : std::optional(row.column_double(c)));
  }
  assign_contract_state_values(state, values);
  return true;
}

}  // namespace strikeline::sqlite
