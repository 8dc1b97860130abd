// Underlying symbols: canonical names (API.md's normalisation rules and aliases) and per-symbol
// contract defaults (strike step, lot size), overridable per symbol and per contract
// (symbol+expiry).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/strike.h"

namespace strikeline {

// Trims, upper-cases, drops an exchange prefix ("NSE:") and suffix (".NS", ".BO"), folds inner
// whitespace and maps aliases ("NIFTY 50" -> "NIFTY"). nullopt when empty or not a plausible symbol
// (only A-Z, 0-9, '&', '-', '_' remain allowed, at most 32 characters).
std::optional<std::string> canonical_symbol(std::string_view raw);

inline constexpr std::string_view kDefaultSymbol = "NIFTY";

struct ContractSpec {
  Strike strike_step;
  int lot_size = 1;
  friend bool operator==(const ContractSpec&, const ContractSpec&) = default;
};

// Exchange defaults: NIFTY 50/65, BANKNIFTY 100/30, FINNIFTY 50/60, MIDCPNIFTY 25/120,
// SENSEX 100/20. nullopt for a symbol without a known default.
std::optional<ContractSpec> default_contract_spec(std::string_view canonical);

// Contract data from an instrument source layered over the defaults.
class ContractSpecs {
 public:
  void set_symbol(std::string symbol, ContractSpec spec);
  void set_contract(std::string symbol, std::chrono::sys_days expiry, ContractSpec spec);
  // Most specific first: contract, symbol override, exchange default, then step 50 / lot 1.
  ContractSpec spec_for(std::string_view symbol, std::chrono::sys_days expiry) const;

 private:
  std::map<std::string, ContractSpec, std::less<>> by_symbol_;
  std::map<std::pair<std::string, std::chrono::sys_days>, ContractSpec> by_contract_;
};

}  // namespace strikeline
