// MinuteSeries: the 1-minute buckets the aggregator keeps for one strike row (call and put) on the
// row's current IST day, with what DESIGN.md's volume rule needs across them: each side's volume
// anchor, the last cumulative volume of minutes already forgotten (pruned by the late window).
// Invariants: the minutes are strictly ascending (one entry per minute); an anchor is set only by
// forgetting minutes of the current day and is reset with the day (clear()).
// The series places ticks but never reads or drops analytics on its own: the aggregator settles its
// pricing batch before it reads a minute's analytics or drops minutes (bars/bar_aggregator.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <optional>
#include <vector>

#include "bars/side_minute.h"
#include "core/timestamp.h"

namespace strikeline {

struct RowMinute {
  std::int64_t minute = 0;         // minutes since the epoch (UTC)
  double underlying = 0;           // the spot at or before the row's latest tick in the minute
  MinuteMicros underlying_at = 0;  // that tick's time in the minute
  bool dirty = false;              // changed since its bar was last emitted
  bool has_underlying = false;
  std::array<SideMinute, 2> sides;  // indexed by core/side.h's Side

  Timestamp start() const { return Timestamp{std::chrono::minutes{minute}}; }
};
static_assert(sizeof(RowMinute) == 376, "the aggregator's memory budget assumes 376-byte minutes");

class MinuteSeries {
 public:
  struct Placement {
    std::size_t index;
    bool late;  // before the newest minute
  };

  // True when a tick of `minute` starts a new newest minute (the late window then moves on).
  bool opens_newest(std::int64_t minute) const {
    return minutes_.empty() || minute > minutes_.back().minute;
  }

  // The minute a tick of `minute` belongs to, created when missing; nullopt when the tick is more
  // than `window` minutes (when window > 0) before the newest minute: too late to keep.
  std::optional<Placement> place(std::int64_t minute, std::int64_t window) {
    if (opens_newest(minute)) {
      make_room();
      minutes_.emplace_back();
      minutes_.back().minute = minute;
      return Placement{minutes_.size() - 1, false};
    }
    if (minute == minutes_.back().minute) return Placement{minutes_.size() - 1, false};
    if (window > 0 && minute < minutes_.back().minute - window) return std::nullopt;
    auto it = lower_bound(minute);
    if (it == minutes_.end() || it->minute != minute) {
      const auto at = it - minutes_.begin();
      make_room();
      it = minutes_.insert(minutes_.begin() + at, RowMinute{});
      it->minute = minute;
    }
    assert(it + 1 == minutes_.end() || it->minute < (it + 1)->minute);
    return Placement{static_cast<std::size_t>(it - minutes_.begin()), true};
  }

  // The kept minute `minute`, or nullptr.
  RowMinute* find(std::int64_t minute) {
    auto it = lower_bound(minute);
    return it == minutes_.end() || it->minute != minute ? nullptr : &*it;
  }

  std::size_t size() const { return minutes_.size(); }
  RowMinute& operator[](std::size_t i) { return minutes_[i]; }
  const RowMinute& operator[](std::size_t i) const { return minutes_[i]; }

  // The first minute after `i` with a volume observation on `side` (its bridge starts at i), or
  // nullptr.
  RowMinute* next_with_volume(std::size_t i, std::size_t side) {
    for (std::size_t j = i + 1; j < minutes_.size(); ++j) {
      if (minutes_[j].sides[side].has_volume()) return &minutes_[j];
    }
    return nullptr;
  }

  // The volume traded in minute `i` on `side` (bars/side_minute.h's bridge plus inner volume);
  // `day` is the row's IST day, whose session open decides a first observation's volume.
  std::int64_t volume(std::size_t i, std::size_t side, Date day) const;

  // How many minutes are before `cutoff`.
  std::size_t count_before(std::int64_t cutoff) const;
  // Forgets the first `n` minutes, keeping each side's last cumulative volume as its anchor.
  void drop_front(std::size_t n);
  // Forgets every minute and anchor (the row starts a new IST day); keeps the memory.
  void clear();
  // Forgets every minute and gives their memory back; the anchors stay.
  void release();

 private:
  std::vector<RowMinute>::iterator lower_bound(std::int64_t minute) {
    return std::lower_bound(minutes_.begin(), minutes_.end(), minute,
                            [](const RowMinute& m, std::int64_t v) { return m.minute < v; });
  }

  // Grows the capacity by a quarter (not the library's doubling) before a minute is added: a
  // row's minutes live for its whole day, so the slack is kept all day long by every row.
  void make_room() {
    if (minutes_.size() < minutes_.capacity()) return;
    minutes_.reserve(minutes_.capacity() + minutes_.capacity() / 4 + 4);
  }

  std::vector<RowMinute> minutes_;                     // ascending
  std::array<std::optional<std::int64_t>, 2> anchor_;  // per side
};

}  // namespace strikeline
