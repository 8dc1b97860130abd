#include "store/day_chunk.h"

#include <algorithm>
#include <bit>

#include "bars/rollup.h"

namespace strikeline {

namespace {

UtcSeconds page_start_of(UtcSeconds bucket) {
  return bucket_start(Timeframe::m15, bucket);
}

std::vector<Strike> merged_strikes(const DayChunk* base, std::span<const StrikeBar* const> bars) {
  std::vector<Strike> incoming;
  incoming.reserve(bars.size());
  for (const StrikeBar* bar : bars) incoming.push_back(bar->key.strike);
  std::sort(incoming.begin(), incoming.end());
  incoming.erase(std::unique(incoming.begin(), incoming.end()), incoming.end());
  if (!base) return incoming;
  std::vector<Strike> merged;
  merged.reserve(base->strikes.size() + incoming.size());
  std::set_union(base->strikes.begin(), base->strikes.end(), incoming.begin(), incoming.end(),
                 std::back_inserter(merged));
  return merged;
}

// Folds the present cells at `indices` (in time order) into the cell `target`.
template <typename Indices>
void recompute_rollup(const Indices& sources, CellBlock& target_block, std::size_t target,
                      StrikeBar& acc, StrikeBar& scratch) {
  bool any = false;
  for (const auto& [block, index] : sources) {
    if (!block->present(index)) continue;
    if (!any) {
      block->read(index, acc);
      any = true;
    } else {
      block->read(index, scratch);
      fold_bar(acc, scratch);
    }
  }
  if (any) {
    target_block.write(target, acc);
  } else {
    target_block.clear(target);
  }
}

void recompute_page_rollup(ChunkPage& page, std::size_t columns, std::size_t column, StrikeBar& acc,
                           StrikeBar& scratch) {
  std::pair<const CellBlock*, std::size_t> sources[kPageMinutes];
  for (std::size_t row = 0; row < kPageMinutes; ++row) {
    sources[row] = {&page.cells, row * columns + column};
  }
  recompute_rollup(sources, page.cells, kRollupRow * columns + column, acc, scratch);
}

}  // namespace

std::size_t DayChunk::column_of(Strike strike) const {
  auto it = std::lower_bound(strikes.begin(), strikes.end(), strike);
  if (it == strikes.end() || *it != strike) return npos;
  return static_cast<std::size_t>(it - strikes.begin());
}

std::size_t DayChunk::heap_bytes() const {
  std::size_t bytes = sizeof(DayChunk) + strikes.capacity() * sizeof(Strike) +
                      pages.capacity() * sizeof(pages[0]) + day_row.heap_bytes();
  // Each page: its object and shared_ptr control block (allocated together by make_shared).
  for (const auto& page : pages) bytes += sizeof(ChunkPage) + 16 + page->cells.heap_bytes();
  return bytes;
}

std::shared_ptr<const DayChunk> edit_day_chunk(const DayChunk* base, Date day,
                                               std::span<const StrikeBar* const> bars) {
  auto out = std::make_shared<DayChunk>();
  out->day = day;
  out->strikes = merged_strikes(base, bars);
  const std::size_t columns = out->strikes.size();

  // Base pages, widened to the new strike array when strikes were added.
  std::vector<std::shared_ptr<const ChunkPage>> base_pages;
  std::vector<std::shared_ptr<ChunkPage>> owned;  // pages this edit already copied
  const bool widen = base && base->strikes.size() != columns;
  std::vector<std::uint32_t> new_column;
  if (base) {
    out->bar_count = base->bar_count;
    if (widen) {
      new_column.reserve(base->strikes.size());
      for (Strike s : base->strikes) {
        new_column.push_back(static_cast<std::uint32_t>(out->column_of(s)));
      }
      out->day_row = base->day_row.widened(1, new_column, columns);
      for (const auto& page : base->pages) {
        auto copy = std::make_shared<ChunkPage>();
        copy->start = page->start;
        copy->minute_mask = page->minute_mask;
        copy->cells = page->cells.widened(kPageRows, new_column, columns);
        base_pages.push_back(copy);
        owned.push_back(copy);
      }
    } else {
      out->day_row = base->day_row;
      base_pages = base->pages;
      owned.assign(base_pages.size(), nullptr);
    }
  } else {
    out->day_row = CellBlock(columns);
  }

  std::vector<std::uint8_t> day_touched(columns, 0);
  std::vector<std::uint8_t> page_touched(columns, 0);
  StrikeBar acc, scratch;
  std::size_t base_index = 0, i = 0;
  out->pages.reserve(base_pages.size() + 2);
  while (i < bars.size()) {
    const UtcSeconds start = page_start_of(bars[i]->key.bucket);
    while (base_index < base_pages.size() && base_pages[base_index]->start < start) {
      out->pages.push_back(std::move(base_pages[base_index++]));
    }
    std::shared_ptr<ChunkPage> page;
    if (base_index < base_pages.size() && base_pages[base_index]->start == start) {
      page = owned[base_index] ? owned[base_index]
                               : std::make_shared<ChunkPage>(*base_pages[base_index]);
      ++base_index;
    } else {
      page = std::make_shared<ChunkPage>();
      page->start = start;
      page->cells = CellBlock(kPageRows * columns);
    }
    std::fill(page_touched.begin(), page_touched.end(), 0);
    for (; i < bars.size() && page_start_of(bars[i]->key.bucket) == start; ++i) {
      const StrikeBar& bar = *bars[i];
      const auto row = static_cast<std::size_t>((bar.key.bucket - start).count() / 60);
      const std::size_t column = out->column_of(bar.key.strike);
      if (page->cells.write(row * columns + column, bar)) ++out->bar_count;
      page->minute_mask = static_cast<std::uint16_t>(page->minute_mask | (1u << row));
      page_touched[column] = 1;
    }
    for (std::size_t c = 0; c < columns; ++c) {
      if (!page_touched[c]) continue;
      recompute_page_rollup(*page, columns, c, acc, scratch);
      day_touched[c] = 1;
    }
    out->pages.push_back(std::move(page));
  }
  while (base_index < base_pages.size()) out->pages.push_back(std::move(base_pages[base_index++]));

  std::vector<std::pair<const CellBlock*, std::size_t>> sources(out->pages.size());
  for (std::size_t c = 0; c < columns; ++c) {
    if (!day_touched[c]) continue;
    for (std::size_t p = 0; p < out->pages.size(); ++p) {
      sources[p] = {&out->pages[p]->cells, kRollupRow * columns + c};
    }
    recompute_rollup(sources, out->day_row, c, acc, scratch);
  }

  if (!out->pages.empty()) {
    const ChunkPage& first = *out->pages.front();
    const ChunkPage& last = *out->pages.back();
    out->first_minute = first.start + std::chrono::minutes(std::countr_zero(first.minute_mask));
    // The highest set bit of a 16-bit mask is 15 - countl_zero.
    out->last_minute = last.start + std::chrono::minutes(15 - std::countl_zero(last.minute_mask));
  }
  return out;
}

}  // namespace strikeline
