// BucketAccumulator: composes the bars of one bucket of a coarser timeframe from source rows (the
// 1-minute or 15-minute rows of chunk pages, or a chunk's 1-day row), folding each strike's rows in
// time order with bars/rollup.h's rules. Rows may come from different chunks (a 30-minute bucket
// can straddle IST midnight); strikes are merged by value.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "store/day_chunk.h"

namespace strikeline {

class BucketAccumulator {
 public:
  // With `greek_sums`, rows are added as weighted sums (greek_sums.h) and the means computed once
  // in finish(): the fast way for buckets of several rows. Without it, each later row is folded
  // with bars/rollup.h, and a bucket of one row reads back exactly as stored.
  explicit BucketAccumulator(bool greek_sums = false) : greek_sums_(greek_sums) {}

  void clear() { bars_.clear(); }
  bool empty() const { return bars_.empty(); }

  // Folds the present cells of the row that starts at `row_offset` in `block` (one cell per
  // strike of `chunk`; the row's bucket starts at `row_start`), or only the cell of `only` when it
  // is given. Rows arrive in time order.
  // With a cutoff, only cells whose every observation is at or before it count.
  void add_row(const DayChunk& chunk, const CellBlock& block, std::size_t row_offset,
               UtcSeconds row_start, std::optional<Strike> only = std::nullopt,
               std::optional<UtcSeconds> cutoff = std::nullopt);

  // The composed bars, ascending by strike, with their keys set (a bucket above 1min carries no
  // observed_at: bars/rollup.h). Call once per bucket, then clear().
  std::vector<StrikeBar>& finish(std::string_view symbol, Expiry expiry, Timeframe tf,
                                 UtcSeconds bucket);

 private:
  void add_cell(const CellBlock& block, std::size_t index, Strike strike, UtcSeconds row_start,
                std::size_t& cursor);

  std::vector<StrikeBar> bars_;     // ascending by strike
  std::vector<StrikeBar> pending_;  // strikes new to bars_, merged at the end of add_row
  StrikeBar scratch_;
  bool greek_sums_ = false;
};

}  // namespace strikeline
