// Underlying symbols: canonical names (API.md's normalisation rules and aliases), the kind of an
// underlying (index or stock), and per-symbol contract defaults (strike step, lot size),
// overridable per symbol and per contract (symbol+expiry), with the lots each contract traded at
// day by day (core/contract_lot.h) over them. Symbols are not a fixed list: any
// plausible name (an NSE or BSE F&O underlying such as RELIANCE) is a symbol once data names it.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/contract_lot.h"
#include "core/strike.h"

namespace strikeline {

// Trims, upper-cases, drops an exchange prefix ("NSE:") and suffix (".NS", ".BO"), folds inner
// whitespace and maps aliases ("NIFTY 50" -> "NIFTY"). nullopt when empty or not a plausible symbol
// (only A-Z, 0-9, '&', '-', '_' remain allowed, at most 32 characters).
[[nodiscard]] std::optional<std::string> canonical_symbol(std::string_view raw);

inline constexpr std::string_view kDefaultSymbol = "NIFTY";

enum class UnderlyingKind { index, stock };

// index for the index underlyings NSE and BSE list (or listed) F&O on (NIFTY, BANKNIFTY, FINNIFTY,
// MIDCPNIFTY, NIFTYNXT50, SENSEX, BANKEX, SENSEX50, the older sector indices, INDIAVIX); stock for
// every other canonical name. "index" or "stock".
UnderlyingKind underlying_kind(std::string_view canonical);
std::string_view kind_name(UnderlyingKind kind);

// true for the five index underlyings with exchange defaults (default_contract_spec): they are
// always known to the API, with data or not.
bool is_default_index(std::string_view canonical);

struct ContractSpec {
  Strike strike_step;
  int lot_size = 1;
  friend bool operator==(const ContractSpec&, const ContractSpec&) = default;
};

// Exchange defaults: NIFTY 50/65, BANKNIFTY 100/30, FINNIFTY 50/60, MIDCPNIFTY 25/120,
// SENSEX 100/20. nullopt for a symbol without a known default.
[[nodiscard]] std::optional<ContractSpec> default_contract_spec(std::string_view canonical);

// Contract data from an instrument source layered over the defaults.
class ContractSpecs {
 public:
  void set_symbol(std::string symbol, ContractSpec spec);
  void set_contract(std::string symbol, std::chrono::sys_days expiry, ContractSpec spec);
  // Most specific first: contract, symbol override, exchange default, then step 50 / lot 1.
  ContractSpec spec_for(std::string_view symbol, std::chrono::sys_days expiry) const;

  // A lot the contract traded at on a day (the data's: a bhavcopy, an instrument dump). A later
  // record for the same contract and day replaces the earlier. Asserts valid_lot().
  void set_lot(const ContractLot& lot);
  // The contract's recorded lot on `day`: the one recorded for the latest day on or before it,
  // else (asked before its first record) the earliest recorded; nullopt when none is recorded.
  std::optional<std::int64_t> recorded_lot(std::string_view symbol, std::chrono::sys_days expiry,
                                           std::chrono::sys_days day) const;
  // recorded_lot(), else spec_for()'s lot.
  std::int64_t lot_on(std::string_view symbol, std::chrono::sys_days expiry,
                      std::chrono::sys_days day) const;
  bool has_lots() const { return !lots_.empty(); }

 private:
  std::map<std::string, ContractSpec, std::less<>> by_symbol_;
  std::map<std::pair<std::string, std::chrono::sys_days>, ContractSpec> by_contract_;
  // (symbol, expiry) -> IST day -> lot
  std::map<std::pair<std::string, std::chrono::sys_days>,
           std::map<std::chrono::sys_days, std::int64_t>>
      lots_;
};

}  // namespace strikeline
