// ChainTree: the chain store's published state, symbol -> expiry -> IST day -> DayChunk. Every
// level is immutable once published and shared between successive versions: an apply copies only
// the path down to what it changed. A day outside the memory window keeps its slot (so the
// catalogue stays complete) with a null chunk; its bars are then in the ColdDayCache / DaySource.
// A slot also keeps the expiry's carried state (store/state_row.h): the state before the day and
// the day's own final state, so the chain as of a later moment never needs an evicted chunk.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/bar_origin.h"
#include "store/day_chunk.h"

namespace strikeline {

struct DaySlot {
  Date day;                               // IST
  std::shared_ptr<const DayChunk> chunk;  // null while the day is cold
  UtcSeconds first_minute{}, last_minute{};
  // The state before the day: every strike listed on an earlier day. Null when not known in
  // memory (a day older than the window at start-up, whose ColdDay brings it).
  std::shared_ptr<const StateRow> opening;
  // The day's own final state (its chunk's last carried row); null when not known in memory.
  std::shared_ptr<const StateRow> day_state;
  // Where the day's bars came from (the catalogue's, then every apply's: core/bar_source.h).
  BarSource source = BarSource::unknown;
  // The IV convention of the day's IVs, kept the same way (core/bar_origin.h).
  StoredIvConvention iv_convention = StoredIvConvention::unknown;
};

struct ExpiryChain {
  std::vector<DaySlot> days;  // ascending by day

  const DaySlot* find(Date day) const {
    auto it = std::lower_bound(days.begin(), days.end(), day,
                               [](const DaySlot& slot, Date d) { return slot.day < d; });
    return it != days.end() && it->day == day ? &*it : nullptr;
  }
  DaySlot& slot(Date day) {
    auto it = std::lower_bound(days.begin(), days.end(), day,
                               [](const DaySlot& slot, Date d) { return slot.day < d; });
    if (it == days.end() || it->day != day)
      it = days.insert(
          it,
          DaySlot{day, nullptr, {}, {}, {}, {}, BarSource::unknown, StoredIvConvention::unknown});
    return *it;
  }
};

struct SymbolChain {
  std::map<Expiry, std::shared_ptr<const ExpiryChain>> expiries;
};

using ChainTree = std::map<std::string, std::shared_ptr<const SymbolChain>, std::less<>>;

// The generation of each day that has been edited while cold (absent: 0).
using DayGenerations = std::map<Date, std::uint64_t>;

}  // namespace strikeline
