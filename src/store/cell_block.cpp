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

const CompactBar CellBlock::kEmptyCell{};

CellBlock::CellBlock(std::size_t cells, std::size_t quotable)
    : size_(cells), quotable_(quotable), words_((cells + 63) / 64) {
  assert(quotable <= cells);
}

std::size_t CellBlock::insert(std::size_t i) {
  assert(!present(i));
  const std::size_t slot = slot_of(i);
  cells_.insert(cells_.begin() + static_cast<std::ptrdiff_t>(slot), CompactBar{});
  if (!quotes_.empty() && i < quotable_) {
    quotes_.insert(quotes_.begin() + static_cast<std::ptrdiff_t>(slot), QuoteCell{});
  }
  words_[i >> 6].bits |= 1ull << (i & 63);
  for (std::size_t w = (i >> 6) + 1; w < words_.size(); ++w) ++words_[w].before;
  return slot;
}

void CellBlock::reserve_more(std::size_t n) {
  cells_.reserve(cells_.size() + n);
  if (!quotes_.empty()) quotes_.reserve(quotes_.size() + n);
}

void CellBlock::shrink_to_fit() {
  cells_.shrink_to_fit();
  quotes_.shrink_to_fit();
  exact_.shrink_to_fit();
}

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
  const CompactBar& cell = this->cell(i);
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
  const CompactBar& cell = this->cell(i);
  if (cell.flags & compact_flag::exact) {
    add_to_greek_sums(sums, find_exact(static_cast<std::uint32_t>(i))->second);
  } else {
    add_to_greek_sums(sums, cell);
  }
}

bool CellBlock::write(std::size_t i, const StrikeBar& bar) {
  const bool was_empty = !present(i);
  const std::size_t slot = was_empty ? insert(i) : slot_of(i);
  CompactBar& cell = cells_[slot];
  const bool was_exact = (cell.flags & compact_flag::exact) != 0;
  const auto index = static_cast<std::uint32_t>(i);
  QuoteCell quote;
  if (encode_compact(bar, cell, quote)) {
    if (was_exact) erase_exact(index);
    assert((quote.empty() || i < quotable_) && "a quote in a cell that keeps none (a rollup's)");
    if (!quote.empty() && i < quotable_ && quotes_.empty()) quotes_.resize(rank(quotable_));
    if (i < quotable_ && !quotes_.empty()) quotes_[slot] = quote;
    return was_empty;
  }
  if (i < quotable_ && !quotes_.empty()) quotes_[slot] = QuoteCell{};
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
  if (!present(i)) return;
  const std::size_t slot = slot_of(i);
  if (cells_[slot].flags & compact_flag::exact) erase_exact(static_cast<std::uint32_t>(i));
  cells_.erase(cells_.begin() + static_cast<std::ptrdiff_t>(slot));
  if (!quotes_.empty() && i < quotable_) {
    quotes_.erase(quotes_.begin() + static_cast<std::ptrdiff_t>(slot));
  }
  words_[i >> 6].bits &= ~(1ull << (i & 63));
  for (std::size_t w = (i >> 6) + 1; w < words_.size(); ++w) --words_[w].before;
}

CellBlock CellBlock::widened(std::size_t rows, std::span<const std::uint32_t> new_column,
                             std::size_t new_columns) const {
  const std::size_t old_columns = new_column.size();
  assert(rows * old_columns == size_);
  const std::size_t quotable_rows = old_columns == 0 ? 0 : quotable_ / old_columns;
  CellBlock out(rows * new_columns, quotable_rows * new_columns);
  const auto moved = [&](std::size_t i) {
    const std::size_t row = i / old_columns, c = i % old_columns;
    return row * new_columns + new_column[c];
  };
  // Column order is preserved (new_column is increasing) and rows stay in order, so the present
  // cells keep their order (the quotable ones still first): cells and quotes are copied as they
  // are, the bitmap is laid out anew.
  for (std::size_t w = 0; w < words_.size(); ++w) {
    for (std::uint64_t bits = words_[w].bits; bits != 0; bits &= bits - 1) {
      const std::size_t j = moved(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
      out.words_[j >> 6].bits |= 1ull << (j & 63);
    }
  }
  std::uint32_t before = 0;
  for (Word& word : out.words_) {
    word.before = before;
    before += static_cast<std::uint32_t>(std::popcount(word.bits));
  }
  out.cells_ = cells_;
  out.quotes_ = quotes_;
  out.exact_.reserve(exact_.size());
  for (const ExactEntry& entry : exact_) {
    out.exact_.emplace_back(static_cast<std::uint32_t>(moved(entry.first)), entry.second);
  }
  return out;
}

std::size_t CellBlock::heap_bytes() const {
  return words_.capacity() * sizeof(Word) + cells_.capacity() * sizeof(CompactBar) +
         exact_.capacity() * sizeof(ExactEntry) + quotes_.capacity() * sizeof(QuoteCell);
}

}  // namespace strikeline
