// CellBlock: a run of CompactBar cells, addressed by index, plus the exact side table for the few
// bars whose values do not fit a cell (compact_bar.h). It is the storage of a chunk page (15 minute
// rows and their 15-minute rollup row) and of a day's 1-day rollup row. A cell is empty until
// written.
//
// Only written cells take memory: the block keeps its present cells in index order beside a
// presence bitmap with the count of present cells before each 64-cell word, so the slot of a cell
// is one popcount away. A whole-market page is sparse (far strikes trade a few times an hour, yet
// the page has a column for every listed strike): an empty cell costs an eighth of a byte instead
// of its 112. Writing a new cell inserts it at its slot; shrink_to_fit() gives back the growth
// slack once an edit is done (a page lives for days and is copied, exactly sized, by every later
// edit).
//
// Quotes (a 1-minute bar's bid/ask and quantities) are kept beside the cells, in QuoteCells for
// the present quotable cells, allocated the first time a quoted bar is written to one of the
// block's first `quotable` cells (a page's 15 minute rows; rollup rows carry no quote): a block of
// bars without quotes (files from elsewhere, feeds without depth) costs nothing for them.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "store/compact_bar.h"

namespace strikeline {

class CellBlock {
 public:
  CellBlock() = default;
  // `quotable`: how many leading cells may hold a quote (at most `cells`).
  explicit CellBlock(std::size_t cells, std::size_t quotable = 0);

  std::size_t size() const { return size_; }
  bool present(std::size_t i) const {
    assert(i < size_);
    return (words_[i >> 6].bits >> (i & 63)) & 1u;
  }
  // How many cells are present.
  std::size_t present_count() const { return cells_.size(); }

  // The values of a present cell into bar (its key is left untouched); `row_start` is the start of
  // the cell's row (a 1-minute row restores observed_at from it).
  void read(std::size_t i, StrikeBar& bar, UtcSeconds row_start) const;
  // The cell itself (flags say whether it is exact), for readers that decode only some fields; an
  // empty cell for an absent one.
  const CompactBar& cell(std::size_t i) const {
    return present(i) ? cells_[slot_of(i)] : kEmptyCell;
  }
  // The exact values of an exact cell.
  const BarValues& exact(std::size_t i) const;
  // The quote of a present, non-exact cell; nullptr when it has none.
  const QuoteCell* quote(std::size_t i) const {
    if (quotes_.empty() || i >= quotable_ || !present(i)) return nullptr;
    const QuoteCell& q = quotes_[slot_of(i)];
    return q.empty() ? nullptr : &q;
  }
  // Adds a present cell, as a later row, to a bar holding Greek sums (greek_sums.h).
  void add_to_sums(std::size_t i, StrikeBar& sums) const;
  // Stores bar's values in cell i (observed_at relative to bar.key.bucket; a quote only when i is
  // quotable: callers clear a rollup's); returns true when the cell was empty before.
  bool write(std::size_t i, const StrikeBar& bar);
  // Empties cell i.
  void clear(std::size_t i);
  // Room for `n` more present cells without reallocating (an edit about to write them).
  void reserve_more(std::size_t n);
  // Gives back the capacity beyond the present cells.
  void shrink_to_fit();

  // This block laid out again for a wider strike array: cell (row, c) moves to
  // (row, new_column[c]) in a block of rows x new_columns cells.
  CellBlock widened(std::size_t rows, std::span<const std::uint32_t> new_column,
                    std::size_t new_columns) const;

  // Bytes this block owns on the heap.
  std::size_t heap_bytes() const;
  std::size_t exact_count() const { return exact_.size(); }

 private:
  // 64 cells' presence and the count of present cells before them.
  struct Word {
    std::uint64_t bits = 0;
    std::uint32_t before = 0;
  };
  static const CompactBar kEmptyCell;

  // The slot in cells_ of cell i when present, or where it goes when written.
  std::size_t slot_of(std::size_t i) const {
    const Word& w = words_[i >> 6];
    const std::uint64_t below = (i & 63) == 0 ? 0 : w.bits & (~0ull >> (64 - (i & 63)));
    return w.before + static_cast<std::size_t>(std::popcount(below));
  }
  // Present cells before index n (n <= size()).
  std::size_t rank(std::size_t n) const { return n >= size_ ? cells_.size() : slot_of(n); }
  // Makes absent cell i present (an empty cell at its slot) and returns the slot.
  std::size_t insert(std::size_t i);

  using ExactEntry = std::pair<std::uint32_t, BarValues>;
  std::vector<ExactEntry>::iterator find_exact(std::uint32_t i);
  std::vector<ExactEntry>::const_iterator find_exact(std::uint32_t i) const;
  void erase_exact(std::uint32_t i);

  std::size_t size_ = 0;
  std::size_t quotable_ = 0;
  std::vector<Word> words_;        // ceil(size_ / 64)
  std::vector<CompactBar> cells_;  // the present cells, ascending by index
  std::vector<ExactEntry> exact_;  // ascending by cell index
  // Empty, or one per present quotable cell: those come first in cells_, so a quotable cell's
  // quote has the cell's slot.
  std::vector<QuoteCell> quotes_;
};

}  // namespace strikeline
