// CellBlock: a dense run of CompactBar cells plus the exact side table for the few bars whose
// values do not fit a cell (compact_bar.h). It is the storage of a chunk page (15 minute rows and
// their 15-minute rollup row) and of a day's 1-day rollup row. A cell is empty until written.
//
// Quotes (a 1-minute bar's bid/ask and quantities) are kept beside the cells, in QuoteCells for
// the block's first `quotable` cells (a page's 15 minute rows; rollup rows carry no quote),
// allocated the first time a quoted bar is written: a block of bars without quotes (files from
// elsewhere, feeds without depth) costs nothing for them.
#pragma once

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
  explicit CellBlock(std::size_t cells, std::size_t quotable = 0)
      : cells_(cells), quotable_(quotable) {}

  std::size_t size() const { return cells_.size(); }
  bool present(std::size_t i) const { return cells_[i].present(); }

  // The values of a present cell into bar (its key is left untouched); `row_start` is the start of
  // the cell's row (a 1-minute row restores observed_at from it).
  void read(std::size_t i, StrikeBar& bar, UtcSeconds row_start) const;
  // The cell itself (flags say whether it is exact), for readers that decode only some fields.
  const CompactBar& cell(std::size_t i) const { return cells_[i]; }
  // The exact values of an exact cell.
  const BarValues& exact(std::size_t i) const;
  // The quote of a present, non-exact cell; nullptr when it has none.
  const QuoteCell* quote(std::size_t i) const {
    return i < quotes_.size() && !quotes_[i].empty() ? &quotes_[i] : nullptr;
  }
  // Adds a present cell, as a later row, to a bar holding Greek sums (greek_sums.h).
  void add_to_sums(std::size_t i, StrikeBar& sums) const;
  // Stores bar's values in cell i (observed_at relative to bar.key.bucket; a quote only when i is
  // quotable: callers clear a rollup's); returns true when the cell was empty before.
  bool write(std::size_t i, const StrikeBar& bar);
  // Empties cell i.
  void clear(std::size_t i);

  // This block laid out again for a wider strike array: cell (row, c) moves to
  // (row, new_column[c]) in a block of rows x new_columns cells.
  CellBlock widened(std::size_t rows, std::span<const std::uint32_t> new_column,
                    std::size_t new_columns) const;

  // Bytes this block owns on the heap.
  std::size_t heap_bytes() const;
  std::size_t exact_count() const { return exact_.size(); }

 private:
  using ExactEntry = std::pair<std::uint32_t, BarValues>;
  std::vector<ExactEntry>::iterator find_exact(std::uint32_t i);
  std::vector<ExactEntry>::const_iterator find_exact(std::uint32_t i) const;
  void erase_exact(std::uint32_t i);

  std::vector<CompactBar> cells_;
  std::vector<ExactEntry> exact_;  // ascending by cell index
  std::size_t quotable_ = 0;
  std::vector<QuoteCell> quotes_;  // empty, or quotable_ cells
};

}  // namespace strikeline
