#include "bars/row_table.h"

namespace strikeline {

std::uint32_t RowTable::add(std::uint32_t symbol, Expiry expiry, Strike strike) {
  std::uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
    assert(!rows_[id].has_day && rows_[id].minutes.size() == 0);
    rows_[id] = Row{};
  } else {
    id = static_cast<std::uint32_t>(rows_.size());
    rows_.emplace_back();
  }
  rows_[id].symbol = symbol;
  rows_[id].expiry = expiry;
  rows_[id].strike = strike;
  return id;
}

void RowTable::remove(std::uint32_t id) {
  Row& row = rows_[id];
  [[maybe_unused]] const std::size_t erased =
      index_.erase(key_of(row.symbol, row.expiry, row.strike));
  assert(erased == 1);
  row = Row{};
  free_.push_back(id);
}

}  // namespace strikeline
