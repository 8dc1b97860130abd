#include "store/greek_sums.h"

#include <algorithm>

namespace strikeline {

namespace {

// Premium, counts, volume and OI: the rollup rules for one later row.
template <typename Number>
void add_premium(SideBar& acc, bool has_premium, Number open, Number high, Number low,
                 Number close) {
  if (!has_premium) return;
  if (!acc.has_premium) {
    acc.open = open;
    acc.high = high;
    acc.low = low;
  } else {
    acc.high = std::max<double>(acc.high, high);
    acc.low = std::min<double>(acc.low, low);
  }
  acc.close = close;
  acc.has_premium = true;
}

void add_side(SideBar& acc, const SideBar& later) {
  if (later.analytics_count > 0) {
    const double w = later.analytics_count;
    acc.iv += later.iv * w;
    acc.delta += later.delta * w;
    acc.gamma += later.gamma * w;
    acc.theta += later.theta * w;
    acc.vega += later.vega * w;
    acc.analytics_count += later.analytics_count;
  }
  acc.count += later.count;
  acc.volume += later.volume;
  acc.observed_at.reset();
  if (later.oi) acc.oi = later.oi;
  if (later.oi_change) acc.oi_change = later.oi_change;
  add_premium(acc, later.has_premium, later.open, later.high, later.low, later.close);
}

void add_side(SideBar& acc, const CompactSide& later, std::uint16_t flags, int shift) {
  if (later.analytics_count > 0) {
    const double w = later.analytics_count;
    acc.iv += static_cast<double>(later.iv) * w;
    acc.delta += static_cast<double>(later.delta) * w;
    acc.gamma += static_cast<double>(later.gamma) * w;
    acc.theta += static_cast<double>(later.theta) * w;
    acc.vega += static_cast<double>(later.vega) * w;
    acc.analytics_count += later.analytics_count;
  }
  acc.count += later.count;
  acc.volume += later.volume;
  if (flags & (compact_flag::oi << shift)) acc.oi = later.oi;
  if (flags & (compact_flag::oi_change << shift)) acc.oi_change = later.oi_change;
  add_premium(acc, (flags & (compact_flag::premium << shift)) != 0, later.open, later.high,
              later.low, later.close);
}

void scale_side(SideBar& side, double factor) {
  side.iv *= factor;
  side.delta *= factor;
  side.gamma *= factor;
  side.theta *= factor;
  side.vega *= factor;
}

}  // namespace

void begin_greek_sums(StrikeBar& bar) {
  for (SideBar* side : {&bar.call, &bar.put}) {
    if (side->analytics_count > 0) scale_side(*side, side->analytics_count);
  }
}

void add_to_greek_sums(StrikeBar& sums, const BarValues& later) {
  add_side(sums.call, later.call);
  add_side(sums.put, later.put);
  if (later.underlying_close) sums.underlying_close = later.underlying_close;
}

void add_to_greek_sums(StrikeBar& sums, const CompactBar& later) {
  add_side(sums.call, later.call, later.flags, 0);
  add_side(sums.put, later.put, later.flags, compact_flag::kPutShift);
  if (later.flags & compact_flag::underlying) sums.underlying_close = later.underlying_close;
}

void end_greek_sums(StrikeBar& bar) {
  for (SideBar* side : {&bar.call, &bar.put}) {
    if (side->analytics_count == 0) continue;
    const double n = side->analytics_count;
    side->iv /= n;
    side->delta /= n;
    side->gamma /= n;
    side->theta /= n;
    side->vega /= n;
  }
}

}  // namespace strikeline
