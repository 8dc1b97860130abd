#include "bars/day_closes.h"

#include <cassert>

namespace strikeline {

void DayCloses::add_close(Date day, UtcSeconds at, std::int64_t oi) {
  const Close c{day, at, oi};
  for (auto& existing : closes_) {
    if (existing && existing->day == day) {
      if (at >= existing->at) existing = c;
      return;
    }
  }
  if (!closes_[0] || day > closes_[0]->day) {
    closes_[1] = closes_[0];
    closes_[0] = c;
  } else if (!closes_[1] || day > closes_[1]->day) {
    closes_[1] = c;
  }
  assert(!closes_[1] || (closes_[0] && closes_[0]->day > closes_[1]->day));
}

std::optional<std::int64_t> DayCloses::previous_close(Date day) const {
  for (const auto& c : closes_) {
    if (c && c->day < day) return c->oi;
  }
  return std::nullopt;
}

void DayCloses::close_day(Date day) {
  if (has_last_oi_) add_close(day, UtcSeconds::max(), last_oi_);
  has_last_oi_ = false;
}

}  // namespace strikeline
