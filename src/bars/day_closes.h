// DayCloses: the closing open interest of one side of one contract, for oi_change ("oi minus the
// previous trading day's close"). It keeps the closes of the two most recent IST days it knows
// (observed by the aggregator, or seeded from the store) and the last OI observed on the row's
// current day, which becomes that day's close when the row rolls over to a later day.
// Invariants: closes[0] is newer than closes[1] when both are set (distinct days, newest first);
// a close seeded or observed for a day that already has one replaces it only when it is at least
// as late (`at`), so an observed close (at = end of day) wins over a seeded bar's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/timestamp.h"

namespace strikeline {

class DayCloses {
 public:
  // The OI of a day at moment `at` (a bar's bucket, or UtcSeconds::max() for the day's last one).
  void add_close(Date day, UtcSeconds at, std::int64_t oi);
  // The newest close of a day before `day`, if any.
  std::optional<std::int64_t> previous_close(Date day) const;

  // An OI observed on the current day; the latest by tick time is the day's close so far.
  void observe(Timestamp ts, std::int64_t oi) {
    if (!has_last_oi_ || ts >= last_oi_ts_) {
      has_last_oi_ = true;
      last_oi_ = oi;
      last_oi_ts_ = ts;
    }
  }
  // The current day `day` has ended: its last observed OI becomes its close.
  void close_day(Date day);

 private:
  struct Close {
    Date day;
    UtcSeconds at;  // orders closes of the same day
    std::int64_t oi;
  };
  std::array<std::optional<Close>, 2> closes_;  // the two most recent days, newest first
  bool has_last_oi_ = false;
  std::int64_t last_oi_ = 0;
  Timestamp last_oi_ts_{};
};

}  // namespace strikeline
