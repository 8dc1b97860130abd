#include "bars/symbol_table.h"

namespace strikeline {

std::int32_t SymbolMarket::future_index(Expiry expiry) const {
  std::int32_t found = -1;
  for (std::size_t i = 0; i < futures.size(); ++i) {
    if (futures[i].first == expiry) found = static_cast<std::int32_t>(i);
  }
  return found;
}

void SymbolMarket::record_future(Expiry expiry, Timestamp ts, double price) {
  for (auto& [e, history] : futures) {
    if (e == expiry) {
      history.record(ts, price);
      return;
    }
  }
  futures.emplace_back(expiry, PriceHistory{});
  futures.back().second.record(ts, price);
}

ParityBook& SymbolMarket::parity_book(Expiry expiry) {
  for (auto& [e, book] : parity_books) {
    if (e == expiry) return book;
  }
  return parity_books.emplace_back(expiry, ParityBook{}).second;
}

void SymbolTable::set_rate(std::string_view symbol, double rate) {
  rate_by_symbol_.insert_or_assign(std::string(symbol), rate);
  for (SymbolMarket& s : symbols_) {
    if (s.name == symbol) s.rate = rate;
  }
}

std::uint32_t SymbolTable::add(std::string_view name) {
  SymbolMarket s;
  s.name = std::string(name);
  auto it = rate_by_symbol_.find(name);
  s.rate = it != rate_by_symbol_.end() ? it->second : rate_;
  s.dividend_yield = dividend_yield_;
  symbols_.push_back(std::move(s));
  return static_cast<std::uint32_t>(symbols_.size() - 1);
}

}  // namespace strikeline
