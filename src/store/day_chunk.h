// DayChunk: one contract's (symbol, expiry) bars of one IST calendar day; immutable once built.
// Strikes are a sorted dense array (the columns). Time is a run of 15-minute pages, each holding 15
// one-minute rows and the 15-minute rollup row of every strike; the chunk also holds the 1-day
// rollup row. So 1min, 15min and 1day are materialised; 3min and 5min are composed from 1-minute
// rows on read, 30min and 1hour from 15-minute rows (all aligned: 09:15 IST and IST midnight are
// on the 15-minute grid). With 112-byte cells this costs 112 * (16/15 + 1/375) = 119.8 bytes per
// 1-minute bar of a dense chain; a page keeps only its present cells (store/cell_block.h), so a
// sparse chain pays 112 bytes per bar and per rollup cell, not per strike and minute.
//
// The chunk also carries the day's own state (store/state_row.h) after every 5 minutes of each
// page, so the state at any moment of the day costs one carried row and at most 5 minute rows, and
// the end of a 5-minute bucket (the series' and the stream's usual bucket) none. A carried row is
// 176 bytes per strike: 3 x 176 / 15 = 35.2 bytes per 1-minute bar of a dense chain (11.7 with one
// carried row per page: +17 % in all, +14 % with quotes). A part of a page without rows shares the
// row before it, so a sparse chain pays less.
//
// edit_day_chunk() is the only writer: it returns a new chunk that shares every page it did not
// touch with its base (copy-on-write), so readers of the base never see the edit; carried rows
// are recomputed from the first page the edit touched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "core/strike_bar.h"
#include "store/cell_block.h"
#include "store/state_row.h"

namespace strikeline {

inline constexpr std::size_t kPageMinutes = 15;
inline constexpr std::size_t kRollupRow = 15;  // the 15-minute rollup row of a page
inline constexpr std::size_t kPageRows = 16;
inline constexpr std::int64_t kPageSeconds = 15 * 60;
inline constexpr std::size_t kCarryMinutes = 5;  // the carried state's step
inline constexpr std::size_t kCarriesPerPage = kPageMinutes / kCarryMinutes;
static_assert(kPageMinutes % kCarryMinutes == 0);

struct ChunkPage {
  UtcSeconds start;               // the 15-minute bucket start
  std::uint16_t minute_mask = 0;  // bit r: minute row r holds at least one bar
  CellBlock cells;                // kPageRows x strike count, row-major

  // How many of the page's minute rows start before `end` (0..15).
  std::size_t rows_before(UtcSeconds end) const;
  // The rows of minute_mask from row `from` up to (not including) row `to`.
  std::uint32_t rows_between(std::size_t from, std::size_t to) const {
    return minute_mask & ((1u << to) - 1) & ~((1u << from) - 1);
  }
};

struct DayChunk {
  Date day;  // IST calendar day
  std::vector<Strike> strikes;
  std::vector<std::shared_ptr<const ChunkPage>> pages;  // ascending start, none empty
  CellBlock day_row;                                    // 1-day rollup, one cell per strike
  // The day's own state after each 5 minutes of each page, entries aligned with `strikes`:
  // carries[p * kCarriesPerPage + k] holds every observation of the day's minutes before minute
  // kCarryMinutes * (k + 1) of page p (so the last of a page is the state at its end).
  std::vector<std::shared_ptr<const StateRow>> carries;
  std::size_t bar_count = 0;                 // 1-minute bars held
  UtcSeconds first_minute{}, last_minute{};  // oldest and newest 1-minute bucket

  // The day's own state at `t` (every observation of the day at or before it), entries aligned
  // with `strikes`.
  StateRow state_at(UtcSeconds t) const;
  // The day's own state from its minute rows starting before `end` (whole minutes).
  StateRow state_before(UtcSeconds end) const;
  // The day's own final state (empty entries for a chunk without pages).
  std::shared_ptr<const StateRow> final_state() const;
  // The carried row holding the most of page p's first `minutes` minute rows (0..15), and how
  // many it holds (a multiple of kCarryMinutes); null (holding 0) when page p is the first and
  // `minutes` is under kCarryMinutes: the state before the day's first page is empty.
  std::pair<const StateRow*, std::size_t> carried_before(std::size_t page,
                                                         std::size_t minutes) const;

  // The column of a strike, or npos.
  std::size_t column_of(Strike strike) const;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // Heap bytes of the chunk and its pages.
  std::size_t heap_bytes() const;
};

// Applies 1-minute bars of `day` and one contract (ascending by bucket, then strike; of bars with
// equal keys the later wins) to `base` (null for an empty day). Every rollup above a written bar
// is recomputed. `base` itself is not modified.
std::shared_ptr<const DayChunk> edit_day_chunk(const DayChunk* base, Date day,
                                               std::span<const StrikeBar* const> bars);

}  // namespace strikeline
