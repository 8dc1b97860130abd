// The chain as of a moment (DESIGN.md "The chain as of a moment"): what every answer about open
// interest, prices and the underlying reads. For every contract of one expiry listed at `as_of`
// (observed at or before it, on any earlier day too, until expiry), each side's state is the value
// of the newest observation at or before `as_of` that carried each field: open interest, last
// traded price, IV and Greeks (the mean of the newest minute with valid analytics), the quote (the
// newest minute's last bid/ask snapshot), with the time of the side's newest observation of any
// kind (its age). Nothing observed after `as_of` is read:
// a 1-minute bar whose side was observed after `as_of` does not count for that side (so within a
// minute the state is exact to the second when the bar's observation time says so).
//
// previous_close is the side's last traded price in the state before `session_day` (a side not
// observed on it yet: its last price, so its change is 0); day_volume the units it traded on
// `session_day` up to `as_of`, counted by the minutes in the state (a minute observed after
// `as_of` counts as the state does: not at all).
//
// oi_change is against the previous trading day's close: for a side whose open interest was
// observed on `session_day` it is the bar's own oi_change (or oi minus the state before that day),
// for a side not observed since an earlier day it is 0 (unchanged since that close).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/expiry.h"
#include "core/strike.h"
#include "core/timestamp.h"

namespace strikeline {

struct SideState {
  std::optional<std::int64_t> oi;         // units
  std::optional<std::int64_t> oi_change;  // units, vs the previous trading day's close
  std::optional<double> last_price;
  bool has_analytics = false;                                // iv..vega below are meaningful
  double iv = 0, delta = 0, gamma = 0, theta = 0, vega = 0;  // IV in percent
  std::optional<UtcSeconds> observed_at;  // the side's newest observation; absent: never observed
  // The last quote (best bid/offer of one snapshot: prices, quantities in units); each absent when
  // that snapshot lacked it, all absent when the side was never quoted.
  std::optional<double> bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;
  // The last traded price in the state before session_day (the previous session's close as far
  // as it was traded); and the units traded on session_day up to as_of (0 when none).
  std::optional<double> previous_close;
  std::int64_t day_volume = 0;

  bool observed() const { return observed_at.has_value(); }
  friend bool operator==(const SideState&, const SideState&) = default;
};

struct StrikeState {
  Strike strike;
  SideState call, put;

  const SideState& side(bool put_side) const { return put_side ? put : call; }
  friend bool operator==(const StrikeState&, const StrikeState&) = default;
};

struct ChainState {
  Expiry expiry;
  UtcSeconds as_of;
  // The trading day the state belongs to: the newest IST day with data of the symbol (any expiry)
  // at or before as_of. oi_change is against the close of the day before it.
  Date session_day;
  std::optional<double> underlying;  // the underlying at the newest option observation
  std::optional<UtcSeconds> underlying_at;
  std::vector<StrikeState> strikes;  // the listed strikes, ascending

  // The strike's state, or nullptr when it is not listed.
  const StrikeState* find(Strike strike) const;
  // The oldest observation the state shows (the stalest side), nullopt when nothing is observed.
  std::optional<UtcSeconds> oldest_observation() const;
};

// The parts of each side's state a reader asks for (a series of one indicator needs one of them):
// the others are left empty (nullopt, 0, no analytics). strike, observed_at and the chain's
// underlying are always filled.
struct StateFields {
  bool oi = true;         // oi, oi_change
  bool price = true;      // last_price, previous_close
  bool analytics = true;  // has_analytics, iv..vega
  bool quote = true;      // bid, ask, bid_qty, ask_qty
  bool volume = true;     // day_volume

  static constexpr StateFields all() { return {}; }
  static constexpr StateFields none() { return {false, false, false, false, false}; }
};

// One contract's state, as a DaySource reports it for the start of a day.
struct ContractState {
  std::string symbol;
  Expiry expiry;
  StrikeState state;
  std::optional<double> underlying;
  std::optional<UtcSeconds> underlying_at;
};

}  // namespace strikeline
