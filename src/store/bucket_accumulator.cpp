#include "store/bucket_accumulator.h"

#include <algorithm>
#include <iterator>

#include "bars/rollup.h"
#include "store/greek_sums.h"
#include "store/state_row.h"

namespace strikeline {

namespace {

bool by_strike(const StrikeBar& a, const StrikeBar& b) {
  return a.key.strike < b.key.strike;
}

}  // namespace

void BucketAccumulator::add_cell(const CellBlock& block, std::size_t index, Strike strike,
                                 UtcSeconds row_start, std::size_t& cursor) {
  while (cursor < bars_.size() && bars_[cursor].key.strike < strike) ++cursor;
  if (cursor < bars_.size() && bars_[cursor].key.strike == strike) {
    if (greek_sums_) {
      block.add_to_sums(index, bars_[cursor]);
    } else {
      block.read(index, scratch_, row_start);
      fold_bar(bars_[cursor], scratch_);
    }
    return;
  }
  StrikeBar& fresh = pending_.emplace_back();
  fresh.key.strike = strike;
  block.read(index, fresh, row_start);
  if (greek_sums_) begin_greek_sums(fresh);
}

void BucketAccumulator::add_row(const DayChunk& chunk, const CellBlock& block,
                                std::size_t row_offset, UtcSeconds row_start,
                                std::optional<Strike> only, std::optional<UtcSeconds> cutoff) {
  pending_.clear();
  std::size_t cursor = 0;
  // A row wholly observed by the cutoff needs no per-cell check.
  const bool check = cutoff && *cutoff < row_start + std::chrono::seconds(60);
  const auto counts = [&](std::size_t index) {
    return block.present(index) &&
           (!check || newest_observation(block, index, row_start) <= epoch_seconds(*cutoff));
  };
  if (only) {
    const std::size_t column = chunk.column_of(*only);
    if (column != DayChunk::npos && counts(row_offset + column)) {
      add_cell(block, row_offset + column, *only, row_start, cursor);
    }
  } else {
    const std::size_t columns = chunk.strikes.size();
    if (bars_.empty()) bars_.reserve(columns);
    for (std::size_t c = 0; c < columns; ++c) {
      if (counts(row_offset + c))
        add_cell(block, row_offset + c, chunk.strikes[c], row_start, cursor);
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
    if (tf != Timeframe::m1) {
      bar.call.observed_at.reset();
      bar.put.observed_at.reset();
      bar.call.clear_quote();
      bar.put.clear_quote();
    }
    bar.key.symbol.assign(symbol);
    bar.key.expiry = expiry;
    bar.key.timeframe = tf;
    bar.key.bucket = bucket;
  }
  return bars_;
}

}  // namespace strikeline
