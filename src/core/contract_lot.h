// ContractLot: the lot size (units per contract) an option contract (symbol, expiry) traded at on
// an IST trading day. The exchange changes lot sizes, and a change reaches the expiries of one
// symbol at different times, so one day can list a symbol at two lots (NIFTY at 25 on one
// monthly and 75 on the other expiries on 2025-01-03) and one contract can change its lot between
// two days. The bar log stores these (store/bar_repository.h) and the API answers a contract's
// lot as of a day from them (core/symbol.h's ContractSpecs).
#pragma once

#include <cstdint>
#include <string>

#include "core/expiry.h"

namespace strikeline {

inline constexpr std::int64_t kMaxLotSize = 100'000'000;  // above any exchange's lot

struct ContractLot {
  std::string symbol;  // canonical
  Expiry expiry;
  Date day;              // IST trading day the lot held on
  std::int64_t lot = 0;  // units per contract, 1..kMaxLotSize
  friend bool operator==(const ContractLot&, const ContractLot&) = default;
};

// True when the lot is one a contract can have.
constexpr bool valid_lot(std::int64_t lot) {
  return lot >= 1 && lot <= kMaxLotSize;
}

}  // namespace strikeline
