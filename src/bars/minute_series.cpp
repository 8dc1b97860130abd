#include "bars/minute_series.h"

namespace strikeline {

std::int64_t MinuteSeries::volume(std::size_t i, std::size_t side, Date day) const {
  const SideMinute& m = minutes_[i].sides[side];
  if (!m.has_volume()) return 0;
  for (std::size_t j = i; j-- > 0;) {
    const SideMinute& prev = minutes_[j].sides[side];
    if (prev.has_volume()) {
      return add_volume(volume_between(prev.last_cumulative, m.first_cumulative), m.inner_volume);
    }
  }
  if (anchor_[side]) {
    return add_volume(volume_between(*anchor_[side], m.first_cumulative), m.inner_volume);
  }
  // The day's first observation: a baseline unless the bucket is the session's first.
  const auto open = ist_time_on(day, std::chrono::hours{9} + std::chrono::minutes{15});
  const std::int64_t open_minute = epoch_seconds(open) / 60;
  return add_volume(minutes_[i].minute <= open_minute ? m.first_cumulative : 0, m.inner_volume);
}

std::size_t MinuteSeries::count_before(std::int64_t cutoff) const {
  std::size_t n = 0;
  while (n < minutes_.size() && minutes_[n].minute < cutoff) ++n;
  return n;
}

void MinuteSeries::drop_front(std::size_t n) {
  assert(n <= minutes_.size());
  for (std::size_t s = 0; s < anchor_.size(); ++s) {
    for (std::size_t j = n; j-- > 0;) {
      if (minutes_[j].sides[s].has_volume()) {
        anchor_[s] = minutes_[j].sides[s].last_cumulative;
        break;
      }
    }
  }
  minutes_.erase(minutes_.begin(), minutes_.begin() + static_cast<std::ptrdiff_t>(n));
}

void MinuteSeries::clear() {
  minutes_.clear();
  anchor_ = {};
}

void MinuteSeries::release() {
  std::vector<RowMinute>().swap(minutes_);
}

}  // namespace strikeline
