#include "core/symbol.h"

#include <array>
#include <cassert>
#include <iterator>

#include "core/text.h"

namespace strikeline {

namespace {

struct Alias {
  std::string_view alias;
  std::string_view canonical;
};

constexpr std::array kAliases{
    Alias{"NIFTY50", "NIFTY"},
    Alias{"NIFTY 50", "NIFTY"},
    Alias{"NSEI", "NIFTY"},
    Alias{"^NSEI", "NIFTY"},
    Alias{"NIFTY BANK", "BANKNIFTY"},
    Alias{"BANK NIFTY", "BANKNIFTY"},
    Alias{"NSEBANK", "BANKNIFTY"},
    Alias{"^NSEBANK", "BANKNIFTY"},
    Alias{"NIFTY FIN SERVICE", "FINNIFTY"},
    Alias{"NIFTY FINANCIAL SERVICES", "FINNIFTY"},
    Alias{"FIN NIFTY", "FINNIFTY"},
    Alias{"NIFTY MIDCAP SELECT", "MIDCPNIFTY"},
    Alias{"MIDCAP NIFTY", "MIDCPNIFTY"},
    Alias{"NIFTY NEXT 50", "NIFTYNXT50"},
    Alias{"BSE SENSEX", "SENSEX"},
    Alias{"^BSESN", "SENSEX"},
};

struct Default {
  std::string_view symbol;
  int step_rupees;
  int lot_size;
};

constexpr std::array kDefaults{
    Default{"NIFTY", 50, 65},       Default{"BANKNIFTY", 100, 30}, Default{"FINNIFTY", 50, 60},
    Default{"MIDCPNIFTY", 25, 120}, Default{"SENSEX", 100, 20},
};

// Index underlyings of NSE's and BSE's F&O segments, past and present (the bhavcopies' OPTIDX /
// FUTIDX / IDO / IDF rows name them so).
constexpr std::array<std::string_view, 20> kIndexUnderlyings{
    "BANKEX", "BANKNIFTY", "CNXIT",      "FINNIFTY", "INDIAVIX",   "MIDCPNIFTY", "MINIFTY",
    "NIFTY",  "NIFTYCPSE", "NIFTYINFRA", "NIFTYIT",  "NIFTYMID50", "NIFTYNXT50", "NIFTYPSE",
    "SENSEX", "SENSEX50",  "DJIA",       "FTSE100",  "S&P500",     "NIFTYMIDCAP"};

bool allowed(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&' || c == '-' || c == '_';
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<std::string> canonical_symbol(std::string_view raw) {
  std::string upper = to_upper(trim(raw));
  // Exchange prefix such as "NSE:" or "NFO:".
  if (auto colon = upper.find(':'); colon != std::string::npos) upper.erase(0, colon + 1);
  std::string_view view = trim(upper);
  for (std::string_view suffix : {".NS", ".BO"}) {
    if (ends_with(view, suffix)) view.remove_suffix(suffix.size());
  }
  // Fold runs of inner whitespace to one space.
  std::string folded;
  for (char c : trim(view)) {
    bool space = c == ' ' || c == '\t';
    if (space && (folded.empty() || folded.back() == ' ')) continue;
    folded += space ? ' ' : c;
  }
  for (const Alias& a : kAliases) {
    if (folded == a.alias) return std::string(a.canonical);
  }
  if (folded.empty() || folded.size() > 32) return std::nullopt;
  for (char c : folded) {
    if (!allowed(c)) return std::nullopt;
  }
  return folded;
}

UnderlyingKind underlying_kind(std::string_view canonical) {
  for (std::string_view index : kIndexUnderlyings) {
    if (index == canonical) return UnderlyingKind::index;
  }
  return UnderlyingKind::stock;
}

std::string_view kind_name(UnderlyingKind kind) {
  return kind == UnderlyingKind::index ? "index" : "stock";
}

bool is_default_index(std::string_view canonical) {
  for (const Default& d : kDefaults) {
    if (d.symbol == canonical) return true;
  }
  return false;
}

std::optional<ContractSpec> default_contract_spec(std::string_view canonical) {
  for (const Default& d : kDefaults) {
    if (d.symbol == canonical) return ContractSpec{strike_rupees(d.step_rupees), d.lot_size};
  }
  return std::nullopt;
}

void ContractSpecs::set_symbol(std::string symbol, ContractSpec spec) {
  by_symbol_[std::move(symbol)] = spec;
}

void ContractSpecs::set_contract(std::string symbol, std::chrono::sys_days expiry,
                                 ContractSpec spec) {
  by_contract_[{std::move(symbol), expiry}] = spec;
}

ContractSpec ContractSpecs::spec_for(std::string_view symbol, std::chrono::sys_days expiry) const {
  if (!by_contract_.empty()) {
    if (auto it = by_contract_.find({std::string(symbol), expiry}); it != by_contract_.end()) {
      return it->second;
    }
  }
  if (auto it = by_symbol_.find(symbol); it != by_symbol_.end()) return it->second;
  if (auto d = default_contract_spec(symbol)) return *d;
  return ContractSpec{strike_rupees(50), 1};
}

void ContractSpecs::set_lot(const ContractLot& lot) {
  assert(valid_lot(lot.lot));
  lots_[{lot.symbol, lot.expiry}][lot.day] = lot.lot;
}

std::optional<std::int64_t> ContractSpecs::recorded_lot(std::string_view symbol,
                                                        std::chrono::sys_days expiry,
                                                        std::chrono::sys_days day) const {
  if (lots_.empty()) return std::nullopt;
  const auto contract = lots_.find({std::string(symbol), expiry});
  if (contract == lots_.end() || contract->second.empty()) return std::nullopt;
  const auto& by_day = contract->second;
  auto it = by_day.upper_bound(day);  // the first day after `day`
  if (it == by_day.begin()) return it->second;
  return std::prev(it)->second;
}

std::int64_t ContractSpecs::lot_on(std::string_view symbol, std::chrono::sys_days expiry,
                                   std::chrono::sys_days day) const {
  if (auto lot = recorded_lot(symbol, expiry, day)) return *lot;
  return spec_for(symbol, expiry).lot_size;
}

}  // namespace strikeline
