// Splitting a batch of 1-minute bars into contract-days, the unit the chain store edits: all bars
// of one (symbol, expiry) on one IST calendar day, ordered by bucket then strike. Bars with equal
// keys keep their input order, so the later one wins when they are applied in turn.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/strike_bar.h"

namespace strikeline {

struct ContractDayBatch {
  std::string_view symbol;  // refers to the bars
  Expiry expiry;
  Date day;  // IST
  std::vector<const StrikeBar*> bars;
};

// Ascending by day, symbol, expiry.
std::vector<ContractDayBatch> group_by_contract_day(std::span<const StrikeBar> bars);

}  // namespace strikeline
