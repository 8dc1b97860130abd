// StateRow: the chain store's carried state of one expiry's strikes (store/chain_state.h's
// semantics) in a compact form. A day chunk keeps one per 15-minute page: the day's own
// observations up to the page's end, one entry per strike column. A day slot keeps the state
// before the day (its opening: every strike listed on an earlier day) and the day's own final
// state. Rows are immutable once published and shared between versions.
//
// Observing a 1-minute cell takes each non-empty side whose observation time (observed_at, or the
// minute's end when unknown) is at or before a cutoff: its open interest (and oi_change, cleared
// when the bar has none), last traded price, analytics, quote (whole: bid, ask and quantities of
// one snapshot) and observation time replace the entry's, and its volume adds to the entry's day
// volume (a day's own rows; an opening row carries none).
// The row's underlying is the cell's when every non-empty side of the cell passed the cutoff and
// the cell's newest observation is not older than the row's (ties: the cell observed last).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "store/cell_block.h"
#include "store/chain_state.h"

namespace strikeline {

namespace side_cell {
inline constexpr std::uint8_t has_oi = 1u << 0;
inline constexpr std::uint8_t has_oi_change = 1u << 1;
inline constexpr std::uint8_t has_price = 1u << 2;
inline constexpr std::uint8_t has_analytics = 1u << 3;
inline constexpr std::uint8_t observed = 1u << 4;
}  // namespace side_cell

struct SideCell {
  std::int64_t oi = 0, oi_change = 0;
  double last_price = 0;
  std::int64_t observed_at = 0;  // epoch seconds, with side_cell::observed
  std::int64_t day_volume = 0;   // a day's own row: traded that day up to the row's moment
  float iv = 0, delta = 0, gamma = 0, theta = 0, vega = 0;
  QuoteSide quote;  // the last quote (compact_bar.h's form), empty when none
  std::uint8_t flags = 0;

  bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

struct StrikeCell {
  Strike strike;
  bool listed = false;  // observed (or present in a bar) at or before the row's moment
  SideCell call, put;
};

struct StateRow {
  std::vector<StrikeCell> strikes;  // ascending by strike
  bool has_underlying = false;
  double underlying = 0;
  std::int64_t underlying_at = 0;  // epoch seconds of the observation it came with

  std::size_t heap_bytes() const { return strikes.capacity() * sizeof(StrikeCell); }
};

// No cutoff: every observation counts.
inline constexpr std::int64_t kNoCutoff = std::numeric_limits<std::int64_t>::max();

// A row with one unlisted entry per strike.
StateRow empty_state_row(const std::vector<Strike>& strikes);

// Applies the present cell `index` of `block`, a 1-minute row starting at `row_start`, to `entry`
// (the same strike) and to the row's underlying, up to `cutoff` (epoch seconds).
void observe_cell(StateRow& row, StrikeCell& entry, const CellBlock& block, std::size_t index,
                  UtcSeconds row_start, std::int64_t cutoff);

// The newest observation of the present cell `index` (epoch seconds): its non-empty sides'
// observation times, the minute's end for a side or cell without one.
std::int64_t newest_observation(const CellBlock& block, std::size_t index, UtcSeconds row_start);

// Applies every present cell of the 1-minute row at `row_offset` of `block` (one cell per entry of
// `row`, whose strikes are the block's columns).
void observe_row(StateRow& row, const CellBlock& block, std::size_t row_offset,
                 UtcSeconds row_start, std::int64_t cutoff);

// Applies the 1-minute rows of `block` set in `rows` (bit r: the row starting at `first_start` +
// r minutes, row-major with one cell per entry of `row`) with no cutoff: the same row as
// observe_row over each of them in time order, found by reading each side's newest cells first.
void observe_rows(StateRow& row, const CellBlock& block, UtcSeconds first_start,
                  std::uint32_t rows);

// `later` over `earlier`: the union of their listed strikes, each field the later one's when it has
// it, no day volume (the result is an opening). Unlisted entries are dropped.
StateRow merged(const StateRow& earlier, const StateRow& later);

// The chain state of `opening` (the state before the day) overlaid with `day` (the day's own
// observations), as chain_state.h defines it; `day_is_session` says whether `day` is the session
// day (else every open interest counts as unchanged since the previous close). Fills out.strikes
// (each side with the `fields` asked, the others empty) and the underlying; the caller sets the
// rest.
void chain_state_of(const StateRow& opening, const StateRow& day, bool day_is_session,
                    StateFields fields, ChainState& out);

// One contract's state as a row entry, and back.
StrikeCell strike_cell_of(const StrikeState& state);

}  // namespace strikeline
