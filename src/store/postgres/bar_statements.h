// The SQL the PostgreSQL bar repository runs, built from the column list of bar_rows.h.
//
// A write is: COPY the batch into the session's temporary table fo_incoming_bars (ON COMMIT DELETE
// ROWS, so it is empty again after every transaction), upsert it into fo_option_strike_bars (of
// equal keys in one batch the later row wins), recompute the 5- and 15-minute rollup rows the
// batch touched from the stored 1-minute bars (DESIGN.md's rollup rules, the same as bars/rollup.h:
// Greeks weighted by analytics count, volume and count summed, OI / OI change / underlying the
// last present value, premium first open, max high, min low, last close), record the batch's
// contract-days in fo_bar_days, upsert the batch's day states into fo_contract_states
// (contract_state_rows.h), and NOTIFY the channel
// kBarsChannel with the batch's bucket range "FROM,TO" (epoch seconds, inclusive), delivered to
// listeners at COMMIT.
#pragma once

#include <string>
#include <string_view>

namespace strikeline::pg {

inline constexpr std::string_view kBarsChannel = "strikeline_bars";

const std::string& create_incoming_table_sql();
const std::string& copy_incoming_sql();
const std::string& upsert_incoming_sql();
// Recomputes the rows of `table` (step seconds, timeframe label) the incoming bars fall into,
// folding the rows of `source` (timeframe `source_timeframe`, a divisor of step, already current).
// The rules are associative, so the 15-minute rollup folds the three 5-minute rows.
std::string rollup_incoming_sql(std::string_view table, std::string_view timeframe, int step,
                                std::string_view source, std::string_view source_timeframe);
// Records the incoming bars' contract-days in fo_bar_days (migrations/004) with their source $1
// ('market' or 'simulator'; a day with another source becomes 'mixed', migrations/008) and the IV
// convention $2 of their IVs ('strikeline' or 'nse'; NULL unknown leaves the day's; another one
// makes it 'mixed', migrations/011).
const std::string& record_incoming_days_sql();
// NOTIFY with the incoming bars' bucket range; no notification when there are none.
const std::string& notify_incoming_sql();
// 1-minute bars with bucket start in [to_timestamp($1), to_timestamp($2)), in BarRowReader's
// column order, ascending by time and key.
const std::string& select_bars_sql();

}  // namespace strikeline::pg
