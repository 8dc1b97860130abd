// ContractDayState: the state one contract's 1-minute bars of one IST day leave behind (each
// side's last open interest with its change, last traded price, last analytics, last observation,
// and the underlying seen with the contract's newest observation), as the repositories keep it per
// contract and day (fo_contract_states), so the chain store knows the state before any day without
// reading the days before it (DaySource::states_before).
//
// (The quote, bid/ask with their quantities, is one field: the newest snapshot wins whole.)
//
// Observations are ordered by a key: bucket start * 64 + the seconds from the bucket start to the
// side's observed_at (0..60; 60, the minute's end, when unknown). Keys order a contract's
// observations as the chain store's carried rows do (store/state_row.h); folding keeps, field by
// field, the value with the highest key (ties: the later folded). A field never seen has key -1.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/strike_bar.h"
#include "store/state_row.h"

namespace strikeline {

struct SideDayState {
  std::optional<std::int64_t> oi, oi_change;  // oi_change belongs to the bar that gave oi
  std::int64_t oi_key = -1;
  std::optional<double> price;
  std::int64_t price_key = -1;
  double iv = 0, delta = 0, gamma = 0, theta = 0, vega = 0;
  std::int64_t analytics_key = -1;
  std::int64_t observed_key = -1;
  std::optional<double> bid, ask;  // the last quote, taken whole (store/state_row.h)
  std::optional<std::int64_t> bid_qty, ask_qty;
  std::int64_t quote_key = -1;
  friend bool operator==(const SideDayState&, const SideDayState&) = default;
};

struct ContractDayState {
  std::string symbol;
  Expiry expiry;
  Strike strike;
  Date day;  // IST
  SideDayState call, put;
  std::optional<double> underlying;
  std::int64_t underlying_key = -1;
  friend bool operator==(const ContractDayState&, const ContractDayState&) = default;
};

std::int64_t observation_key(UtcSeconds bucket, const std::optional<UtcSeconds>& observed_at);
UtcSeconds observation_time(std::int64_t key);

// The day states the 1-minute bars leave, one per contract and IST day, ascending by symbol,
// expiry, strike, day.
std::vector<ContractDayState> day_states_of(std::span<const StrikeBar> bars);

// Folds `later` into `into` (the same contract): each field the one with the higher key.
void fold_day_state(ContractDayState& into, const ContractDayState& later);

// The table fo_contract_states as both repositories name it: the key columns (expiry, symbol,
// strike, day), then per side (call_, put_) oi, oi_change, oi_key, price, price_key, iv, delta,
// gamma, theta, vega, analytics_key, observed_key, bid, ask, bid_qty, ask_qty, quote_key, then
// underlying, underlying_key.
const std::vector<std::string>& contract_state_columns();
// The value columns that change with each key column (for the upsert's newer-wins rule).
struct StateColumnGroup {
  std::string key;
  std::vector<std::string> values;
};
const std::vector<StateColumnGroup>& contract_state_groups();
// The sides' value columns as numbers, in contract_state_columns() order after the key columns
// (absent values as nullopt): what a repository writes for a state.
std::vector<std::optional<double>> contract_state_values(const ContractDayState& state);
// The inverse: a state's values from such numbers (keys, strike and day set by the caller).
void assign_contract_state_values(ContractDayState& state,
                                  std::span<const std::optional<double>> values);

// One expiry's opening row (store/state_row.h) from its contracts' folded states (any order):
// every contract listed, the underlying of the newest observation (ties: the higher strike).
StateRow opening_row(std::span<const ContractDayState> contracts);

}  // namespace strikeline
