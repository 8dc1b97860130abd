#include "store/bucket_accumulator.h"

#include <algorithm>
#include <iterator>

#include "bars/rollup.h"
#include "store/greek_sums.h"

namespace strikeline {

namespace {

bool by_strike(const StrikeBar& a, const StrikeBar& b) {
  return a.key.strike < b.key.strike;
}

}  // namespace

void BucketAccumulator::add_cell(const CellBlock& block, std::size_t index, Strike strike,
                                 std::size_t& cursor) {
  while (cursor < bars_.size() && bars_[cursor].key.strike < strike) ++cursor;
  if (cursor < bars_.size() && bars_[cursor].key.strike == strike) {
    if (greek_sums_) {
      block.add_to_sums(index, bars_[cursor]);
    } else {
      block.read(index, scratch_);
      fold_bar(bars_[cursor], scratch_);
    }
    return;
  }
  StrikeBar& fresh = pending_.emplace_back();
  fresh.key.strike = strike;
  block.read(index, fresh);
  if (greek_sums_) begin_greek_sums(fresh);
}

void BucketAccumulator::add_row(const DayChunk& chunk, const CellBlock& block,
                                std::size_t row_offset, std::optional<Strike> only) {
  pending_.clear();
  std::size_t cursor = 0;
  if (only) {
    const std::size_t column = chunk.column_of(*only);
    if (column != DayChunk::npos && block.present(row_offset + column)) {
      add_cell(block, row_offset + column, *only, cursor);
    }
  } else {
    const std::size_t columns = chunk.strikes.size();
    if (bars_.empty()) bars_.reserve(columns);
    for (std::size_t c = 0; c < columns; ++c) {
      if (block.present(row_offset + c)) add_cell(block, row_offset + c, chunk.strikes[c], cursor);
    }
  }
  if (pending_.empty()) return;
  if (bars_.empty()) {
    bars_.swap(pending_);
    return;
  }
  std::vector<StrikeBar> merged;
  merged.reserve(bars_.size() + pending_.size());
  std::merge(std::make_move_iterator(bars_.begin()), std::make_move_iterator(bars_.end()),
             std::make_move_iterator(pending_.begin()), std::make_move_iterator(pending_.end()),
             std::back_inserter(merged), by_strike);
  bars_.swap(merged);
  pending_.clear();
}

std::vector<StrikeBar>& BucketAccumulator::finish(std::string_view symbol, Expiry expiry,
                                                  Timeframe tf, UtcSeconds bucket) {
  for (StrikeBar& bar : bars_) {
    if (greek_sums_) end_greek_sums(bar);
    bar.key.symbol.assign(symbol);
    bar.key.expiry = expiry;
    bar.key.timeframe = tf;
    bar.key.bucket = bucket;
  }
  return bars_;
}

}  // namespace strikeline
