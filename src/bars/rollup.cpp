#include "bars/rollup.h"

#include <algorithm>

namespace strikeline {

namespace {

double weighted_mean(double a, std::uint32_t wa, double b, std::uint32_t wb) {
  return (a * wa + b * wb) / static_cast<double>(wa + wb);
}

}  // namespace

void fold_side(SideBar& acc, const SideBar& later) {
  if (later.analytics_count > 0) {
    const std::uint32_t wa = acc.analytics_count, wb = later.analytics_count;
    acc.iv = weighted_mean(acc.iv, wa, later.iv, wb);
    acc.delta = weighted_mean(acc.delta, wa, later.delta, wb);
    acc.gamma = weighted_mean(acc.gamma, wa, later.gamma, wb);
    acc.theta = weighted_mean(acc.theta, wa, later.theta, wb);
    acc.vega = weighted_mean(acc.vega, wa, later.vega, wb);
    acc.analytics_count = wa + wb;
  }
  acc.count += later.count;
  acc.volume += later.volume;
  acc.observed_at.reset();
  acc.clear_quote();
  if (later.oi) acc.oi = later.oi;
  if (later.oi_change) acc.oi_change = later.oi_change;
  if (later.has_premium) {
    if (!acc.has_premium) {
      acc.open = later.open;
      acc.high = later.high;
      acc.low = later.low;
    } else {
      acc.high = std::max(acc.high, later.high);
      acc.low = std::min(acc.low, later.low);
    }
    acc.close = later.close;
    acc.has_premium = true;
  }
}

void fold_bar(StrikeBar& acc, const StrikeBar& later) {
  fold_side(acc.call, later.call);
  fold_side(acc.put, later.put);
  if (later.underlying_close) acc.underlying_close = later.underlying_close;
}

}  // namespace strikeline
