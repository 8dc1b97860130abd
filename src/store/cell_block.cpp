#include "store/cell_block.h"

#include "store/greek_sums.h"

#include <algorithm>
#include <cassert>

namespace strikeline {

namespace {

bool by_index(const std::pair<std::uint32_t, BarValues>& entry, std::uint32_t i) {
  return entry.first < i;
}

}  // namespace

std::vector<CellBlock::ExactEntry>::iterator CellBlock::find_exact(std::uint32_t i) {
  return std::lower_bound(exact_.begin(), exact_.end(), i, by_index);
}

std::vector<CellBlock::ExactEntry>::const_iterator CellBlock::find_exact(std::uint32_t i) const {
  return std::lower_bound(exact_.begin(), exact_.end(), i, by_index);
}

void CellBlock::erase_exact(std::uint32_t i) {
  auto it = find_exact(i);
  if (it != exact_.end() && it->first == i) exact_.erase(it);
}

void CellBlock::read(std::size_t i, StrikeBar& bar, UtcSeconds row_start) const {
  const CompactBar& cell = cells_[i];
  if (cell.flags & compact_flag::exact) {
    assign_values(bar, exact(i));
  } else {
    decode_compact(cell, quote(i), bar, row_start);
  }
}

const BarValues& CellBlock::exact(std::size_t i) const {
  auto it = find_exact(static_cast<std::uint32_t>(i));
  assert(it != exact_.end() && it->first == i && "an exact cell without its exact values");
  return it->second;
}

void CellBlock::add_to_sums(std::size_t i, StrikeBar& sums) const {
  const CompactBar& cell = cells_[i];
  if (cell.flags & compact_flag::exact) {
    add_to_greek_sums(sums, find_exact(static_cast<std::uint32_t>(i))->second);
  } else {
    add_to_greek_sums(sums, cell);
  }
}

bool CellBlock::write(std::size_t i, const StrikeBar& bar) {
  CompactBar& cell = cells_[i];
  const bool was_empty = !cell.present();
  const bool was_exact = (cell.flags & compact_flag::exact) != 0;
  const auto index = static_cast<std::uint32_t>(i);
  QuoteCell quote;
  if (encode_compact(bar, cell, quote)) {
    if (was_exact) erase_exact(index);
    assert((quote.empty() || i < quotable_) && "a quote in a cell that keeps none (a rollup's)");
    if (!quote.empty() && i < quotable_ && quotes_.empty()) quotes_.resize(quotable_);
    if (i < quotes_.size()) quotes_[i] = quote;
    return was_empty;
  }
  if (i < quotes_.size()) quotes_[i] = QuoteCell{};
  cell = CompactBar{};
  cell.flags = compact_flag::present | compact_flag::exact;
  auto it = find_exact(index);
  if (it != exact_.end() && it->first == index) {
    it->second = values_of(bar);
  } else {
    exact_.insert(it, ExactEntry{index, values_of(bar)});
  }
  return was_empty;
}

void CellBlock::clear(std::size_t i) {
  if (cells_[i].flags & compact_flag::exact) erase_exact(static_cast<std::uint32_t>(i));
  cells_[i] = CompactBar{};
  if (i < quotes_.size()) quotes_[i] = QuoteCell{};
}

CellBlock CellBlock::widened(std::size_t rows, std::span<const std::uint32_t> new_column,
                             std::size_t new_columns) const {
  const std::size_t old_columns = new_column.size();
  const std::size_t quotable_rows = old_columns == 0 ? 0 : quotable_ / old_columns;
  CellBlock out(rows * new_columns, quotable_rows * new_columns);
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t c = 0; c < old_columns; ++c) {
      out.cells_[row * new_columns + new_column[c]] = cells_[row * old_columns + c];
    }
  }
  if (!quotes_.empty()) {
    out.quotes_.resize(out.quotable_);
    for (std::size_t row = 0; row < quotable_rows; ++row) {
      for (std::size_t c = 0; c < old_columns; ++c) {
        out.quotes_[row * new_columns + new_column[c]] = quotes_[row * old_columns + c];
      }
    }
  }
  out.exact_.reserve(exact_.size());
  for (const ExactEntry& entry : exact_) {
    const std::size_t row = entry.first / old_columns, c = entry.first % old_columns;
    out.exact_.emplace_back(static_cast<std::uint32_t>(row * new_columns + new_column[c]),
                            entry.second);
  }
  // Column order is preserved (new_column is increasing), so the indices stay ascending.
  return out;
}

std::size_t CellBlock::heap_bytes() const {
  return cells_.capacity() * sizeof(CompactBar) + exact_.capacity() * sizeof(ExactEntry) +
         quotes_.capacity() * sizeof(QuoteCell);
}

}  // namespace strikeline
