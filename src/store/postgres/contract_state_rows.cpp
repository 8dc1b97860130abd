#include "store/postgres/contract_state_rows.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace strikeline::pg {

namespace {

constexpr std::size_t kKeyColumns = 4;  // expiry, symbol, strike, day

std::string joined(std::string_view prefix = "") {
  std::string out;
  for (const std::string& c : contract_state_columns()) {
    out += (out.empty() ? "" : ", ") + std::string(prefix) + c;
  }
  return out;
}

// Keys, open interest, its change and quote quantities are bigint columns: written as integers.
bool integer_column(const std::string& name) {
  return name.ends_with("_key") || name.ends_with("_oi") || name.ends_with("_oi_change") ||
         name.ends_with("_qty");
}

void append_number(std::string& out, double v, bool integer) {
  char buffer[32];
  const auto [end, ec] =
      integer ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(v))
              : std::to_chars(buffer, buffer + sizeof buffer, v);
  out.append(buffer, end);
}

}  // namespace

const std::string& create_incoming_states_sql() {
  static const std::string sql =
      "CREATE TEMPORARY TABLE IF NOT EXISTS fo_incoming_states (LIKE fo_contract_states INCLUDING "
      "DEFAULTS) ON COMMIT DELETE ROWS";
  return sql;
}

const std::string& copy_incoming_states_sql() {
  static const std::string sql = "COPY fo_incoming_states (" + joined() + ") FROM STDIN";
  return sql;
}

const std::string& upsert_incoming_states_sql() {
  static const std::string sql = [] {
    std::string out = "INSERT INTO fo_contract_states (" + joined() + ") SELECT " + joined() +
                      " FROM fo_incoming_states ON CONFLICT (expiry, symbol, strike, day) DO "
                      "UPDATE SET ";
    bool first = true;
    for (const StateColumnGroup& g : contract_state_groups()) {
      const std::string old_key = "fo_contract_states." + g.key;
      for (const std::string& v : g.values) {
        out += (first ? "" : ", ") + v + " = CASE WHEN excluded." + g.key + " >= " + old_key +
               " THEN excluded." + v + " ELSE fo_contract_states." + v + " END";
        first = false;
      }
      out += (first ? "" : ", ") + g.key + " = greatest(" + old_key + ", excluded." + g.key + ")";
      first = false;
    }
    return out;
  }();
  return sql;
}

const std::string& select_states_before_sql() {
  static const std::string sql = [] {
    std::string columns;
    for (const std::string& c : contract_state_columns()) {
      columns += columns.empty() ? "" : ", ";
      columns += c == "expiry" || c == "day" ? c + "::text" : c;
    }
    return "SELECT " + columns +
           " FROM fo_contract_states WHERE expiry >= $1::date AND day < $1::date ORDER BY "
           "expiry, symbol, strike, day";
  }();
  return sql;
}

void append_state_copy_row(std::string& out, const ContractDayState& state) {
  out += format_date(state.expiry);
  out += '\t';
  append_copy_text(out, state.symbol);
  out += '\t';
  append_number(out, state.strike.to_double(), false);
  out += '\t';
  out += format_date(state.day);
  const std::vector<std::string>& names = contract_state_columns();
  std::size_t column = kKeyColumns;
  for (const std::optional<double>& v : contract_state_values(state)) {
    out += '\t';
    if (v) {
      append_number(out, *v, integer_column(names[column]));
    } else {
      out += "\\N";
    }
    ++column;
  }
  out += '\n';
}

bool read_contract_state(const Result& result, int row, ContractDayState& state) {
  const auto expiry = parse_date(result.text(row, 0));
  const auto day = parse_date(result.text(row, 3));
  double strike = 0;
  const std::string_view strike_text = result.text(row, 2);
  const auto parsed =
      std::from_chars(strike_text.data(), strike_text.data() + strike_text.size(), strike);
  const auto strike_value = Strike::from_double(strike);
  if (!expiry || !day || parsed.ec != std::errc{} || !strike_value ||
      strike_value->hundredths() <= 0) {
    return false;
  }
  state.expiry = *expiry;
  state.symbol.assign(result.text(row, 1));
  state.strike = *strike_value;
  state.day = *day;
  std::vector<std::optional<double>> values;
  const int n = static_cast<int>(contract_state_columns().size());
  for (int c = static_cast<int>(kKeyColumns); c < n; ++c) {
    if (result.is_null(row, c)) {
      values.push_back(std::nullopt);
      continue;
    }
    double v = 0;
    const std::string_view text = result.text(row, c);
    if (std::from_chars(text.data(), text.data() + text.size(), v).ec != std::errc{}) return false;
    values.push_back(v);
  }
  assign_contract_state_values(state, values);
  return true;
}

}  // namespace strikeline::pg
