// FutureBarBuilder: future ticks -> 1-minute future bars (core/future_bar.h), the futures' part of
// the bar aggregator, with the option bars' rules (DESIGN.md's bar semantics) where they apply.
// Per future (symbol, expiry), per 1-minute bucket (UTC, epoch-aligned):
//  - open/high/low/close: from the ticks' prices, by tick time (a late tick takes its place);
//  - volume: traded units from differences of the cumulative day volume (a drop is a reset: the
//    new cumulative value counts as traded since it); the first observation of a future on an IST
//    day is a baseline (counts 0) unless its minute starts at or before the 09:15 IST open;
//  - oi: the OI of the newest tick that carried one; underlying: the spot given with the newest
//    tick (the aggregator's spot at or before it); observed_at: the newest tick's time rounded up
//    to the second; count: ticks.
// A future keeps the minutes of its current IST day; a tick of an earlier day is refused (too
// late). drain() returns every bar that changed since the previous drain (a changed cumulative
// volume also changes the next minute's volume, which is emitted again). Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/future_bar.h"
#include "core/market_event.h"

namespace strikeline {

class FutureBarBuilder {
 public:
  // False when the tick is refused: not a usable price (finite, above 0), or of an IST day before
  // the future's current one.
  bool add(const FutureTick& tick, std::optional<double> spot);
  // Appends the changed bars (ascending by symbol, expiry, bucket) and forgets them.
  void drain(std::vector<FutureBar>& out);
  std::size_t pending() const;
  // Forgets the futures whose current IST day is before `day` (their pending bars are drained
  // first into the next drain's output).
  void evict_before(Date day);

 private:
  struct Minute {
    FutureBar bar;  // without volume, which drain computes
    Timestamp open_ts, close_ts, newest_ts, oi_ts;
    std::optional<std::int64_t> last_cumulative;
    Timestamp cumulative_ts;
    bool dirty = false;
  };
  struct Contract {
    Date day;
    std::map<std::int64_t, Minute> minutes;  // by epoch minute, the current IST day's
    bool dirty = false;
  };
  using Key = std::pair<std::string, Expiry>;

  void emit(const Key& key, Contract& contract, std::vector<FutureBar>& out);

  std::map<Key, Contract> contracts_;
  std::vector<FutureBar> ready_;  // emitted at a day's end, before the next drain
};

}  // namespace strikeline
