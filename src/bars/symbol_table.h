// SymbolTable: the aggregator's underlyings, interned to small dense ids in first-seen order, each
// with what pricing its options needs: the rate and dividend yield (a per-symbol rate, else the
// default), the spot's price history, a price history per future expiry (the forward), and per
// option expiry a parity book (its newest premiums, for the synthetic forward; kept only when the
// aggregator prices on it).
// Invariants: names are unique; an id, once given, names the same symbol for the table's life (no
// symbol is ever removed), so rows may keep ids.
#pragma once

#include <cassert>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bars/parity_book.h"
#include "bars/price_history.h"
#include "core/expiry.h"

namespace strikeline {

struct SymbolMarket {
  std::string name;  // canonical
  double rate = 0.10;
  double dividend_yield = 0.0;
  PriceHistory spot;
  std::vector<std::pair<Expiry, PriceHistory>> futures;     // in first-seen order
  std::vector<std::pair<Expiry, ParityBook>> parity_books;  // in first-seen order

  // The index of the future of `expiry` in `futures`, or -1 when none was seen.
  std::int32_t future_index(Expiry expiry) const;
  void record_future(Expiry expiry, Timestamp ts, double price);
  // The parity book of an option expiry (added empty when new).
  ParityBook& parity_book(Expiry expiry);
};

class SymbolTable {
 public:
  using RateBySymbol = std::map<std::string, double, std::less<>>;

  SymbolTable(double rate, double dividend_yield, RateBySymbol rate_by_symbol)
      : rate_(rate), dividend_yield_(dividend_yield), rate_by_symbol_(std::move(rate_by_symbol)) {}

  // The id of `name`, added when new. The last symbol asked for is checked first: a feed sends
  // runs of one symbol.
  std::uint32_t id(std::string_view name) {
    if (last_ < symbols_.size() && symbols_[last_].name == name) return last_;
    for (std::uint32_t i = 0; i < symbols_.size(); ++i) {
      if (symbols_[i].name == name) return last_ = i;
    }
    return last_ = add(name);
  }

  SymbolMarket& operator[](std::uint32_t id) {
    assert(id < symbols_.size());
    return symbols_[id];
  }
  const SymbolMarket& operator[](std::uint32_t id) const {
    assert(id < symbols_.size());
    return symbols_[id];
  }

  // From now on `symbol` prices with `rate`, including a symbol already seen.
  void set_rate(std::string_view symbol, double rate);

 private:
  std::uint32_t add(std::string_view name);

  double rate_;
  double dividend_yield_;
  RateBySymbol rate_by_symbol_;
  std::vector<SymbolMarket> symbols_;
  std::uint32_t last_ = 0;
};

}  // namespace strikeline
