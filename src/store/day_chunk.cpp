#include "store/day_chunk.h"

#include <algorithm>
#include <bit>
#include <cassert>

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

// Folds the present cells at `indices` (in time order) into the cell `target`. A rollup keeps no
// observed_at (bars/rollup.h), so the rows' own times do not matter here.
template <typename Indices>
void recompute_rollup(const Indices& sources, CellBlock& target_block, std::size_t target,
                      StrikeBar& acc, StrikeBar& scratch) {
  bool any = false;
  for (const auto& [block, index] : sources) {
    if (!block->present(index)) continue;
    if (!any) {
      block->read(index, acc, UtcSeconds{});
      any = true;
    } else {
      block->read(index, scratch, UtcSeconds{});
      fold_bar(acc, scratch);
    }
  }
  acc.call.observed_at.reset();
  acc.put.observed_at.reset();
  acc.call.clear_quote();
  acc.put.clear_quote();
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

std::size_t ChunkPage::rows_before(UtcSeconds end) const {
  const auto started = (end - start + std::chrono::seconds(59)) / std::chrono::minutes(1);
  return static_cast<std::size_t>(std::clamp<std::int64_t>(started, 0, kPageMinutes));
}

std::size_t DayChunk::column_of(Strike strike) const {
  auto it = std::lower_bound(strikes.begin(), strikes.end(), strike);
  if (it == strikes.end() || *it != strike) return npos;
  return static_cast<std::size_t>(it - strikes.begin());
}

std::size_t DayChunk::heap_bytes() const {
  std::size_t bytes = sizeof(DayChunk) + strikes.capacity() * sizeof(Strike) +
                      pages.capacity() * sizeof(pages[0]) + day_row.heap_bytes() +
                      carries.capacity() * sizeof(carries[0]);
  // Each page: its object and shared_ptr control block (allocated together by make_shared).
  for (const auto& page : pages) bytes += sizeof(ChunkPage) + 16 + page->cells.heap_bytes();
  // Each distinct carried row (a part of a page without rows shares the one before it).
  for (std::size_t i = 0; i < carries.size(); ++i) {
    if (i > 0 && carries[i] == carries[i - 1]) continue;
    bytes += sizeof(StateRow) + 16 + carries[i]->heap_bytes();
  }
  return bytes;
}

std::pair<const StateRow*, std::size_t> DayChunk::carried_before(std::size_t page,
                                                                 std::size_t minutes) const {
  assert(page < pages.size() && minutes <= kPageMinutes);
  assert(carries.size() == pages.size() * kCarriesPerPage);
  const std::size_t parts = minutes / kCarryMinutes;
  if (parts > 0) return {carries[page * kCarriesPerPage + parts - 1].get(), parts * kCarryMinutes};
  if (page == 0) return {nullptr, 0};
  return {carries[page * kCarriesPerPage - 1].get(), 0};
}

StateRow DayChunk::state_before(UtcSeconds end) const {
  // The last page starting before `end`: a carried row of it (or of the page before), then the
  // page's rows after that row.
  auto page = std::lower_bound(pages.begin(), pages.end(), end,
                               [](const auto& p, UtcSeconds v) { return p->start < v; });
  if (page == pages.begin()) return empty_state_row(strikes);
  const auto p = static_cast<std::size_t>(page - pages.begin()) - 1;
  const ChunkPage& last = *pages[p];
  const std::size_t upto = last.rows_before(end);
  const auto [carried, held] = carried_before(p, upto);
  StateRow row = carried ? *carried : empty_state_row(strikes);
  if (upto > held) observe_rows(row, last.cells, last.start, last.rows_between(held, upto));
  return row;
}

StateRow DayChunk::state_at(UtcSeconds t) const {
  // Minutes ended by t hold nothing observed after it; the minute t falls in is cut at t.
  const UtcSeconds minute = bucket_start(Timeframe::m1, t);
  StateRow row = state_before(minute);
  auto page = std::upper_bound(pages.begin(), pages.end(), minute,
                               [](UtcSeconds v, const auto& p) { return v < p->start; });
  if (page == pages.begin()) return row;
  const ChunkPage& last = **(page - 1);
  const auto r = static_cast<std::size_t>((minute - last.start) / std::chrono::minutes(1));
  if (r < kPageMinutes && (last.minute_mask & (1u << r))) {
    observe_row(row, last.cells, r * strikes.size(), minute, epoch_seconds(t));
  }
  return row;
}

std::shared_ptr<const StateRow> DayChunk::final_state() const {
  if (carries.empty()) return std::make_shared<const StateRow>(empty_state_row(strikes));
  return carries.back();
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
      page->cells = CellBlock(kPageRows * columns, kPageMinutes * columns);
    }
    std::fill(page_touched.begin(), page_touched.end(), 0);
    std::size_t page_end = i;
    while (page_end < bars.size() && page_start_of(bars[page_end]->key.bucket) == start) ++page_end;
    // At most one new cell per bar and one rollup cell per bar's column; the slack goes below.
    page->cells.reserve_more(2 * (page_end - i));
    for (; i < page_end; ++i) {
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
    page->cells.shrink_to_fit();  // the page outlives the edit, usually for days
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
  out->day_row.shrink_to_fit();

  // Carried state: kept from the base up to the first page this edit changed.
  std::size_t unchanged = 0;
  if (base && !widen) {
    while (unchanged < out->pages.size() && unchanged < base->pages.size() &&
           out->pages[unchanged] == base->pages[unchanged]) {
      ++unchanged;
    }
  }
  out->carries.reserve(out->pages.size() * kCarriesPerPage);
  if (unchanged > 0) {
    const auto kept =
        base->carries.begin() + static_cast<std::ptrdiff_t>(unchanged * kCarriesPerPage);
    out->carries.assign(base->carries.begin(), kept);
  }
  std::shared_ptr<const StateRow> before =
      unchanged > 0 ? out->carries.back()
                    : std::make_shared<const StateRow>(empty_state_row(out->strikes));
  for (std::size_t p = unchanged; p < out->pages.size(); ++p) {
    const ChunkPage& page = *out->pages[p];
    for (std::size_t k = 0; k < kCarriesPerPage; ++k) {
      const std::uint32_t part_rows = page.rows_between(k * kCarryMinutes, (k + 1) * kCarryMinutes);
      if (part_rows != 0) {
        StateRow row = *before;
        observe_rows(row, page.cells, page.start, part_rows);
        before = std::make_shared<const StateRow>(std::move(row));
      }
      out->carries.push_back(before);
    }
  }
  assert(out->carries.size() == out->pages.size() * kCarriesPerPage);

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
