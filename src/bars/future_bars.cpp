#include "bars/future_bars.h"

#include <cassert>
#include <cmath>

namespace strikeline {

namespace {

using namespace std::chrono_literals;

std::int64_t minute_of(Timestamp ts) {
  return std::chrono::floor<std::chrono::minutes>(ts).time_since_epoch().count();
}

UtcSeconds ceil_seconds(Timestamp ts) {
  return std::chrono::ceil<std::chrono::seconds>(ts);
}

}  // namespace

bool FutureBarBuilder::add(const FutureTick& tick, std::optional<double> spot) {
  if (!std::isfinite(tick.price) || tick.price <= 0) return false;
  const Key key{tick.symbol, tick.expiry};
  const Date day = ist_date(tick.ts);
  auto [it, added] = contracts_.try_emplace(key);
  Contract& c = it->second;
  if (added) {
    c.day = day;
  } else if (day < c.day) {
    return false;
  } else if (day > c.day) {
    emit(key, c, ready_);
    c.minutes.clear();
    c.day = day;
  }
  const std::int64_t minute = minute_of(tick.ts);
  auto [slot, fresh] = c.minutes.try_emplace(minute);
  Minute& m = slot->second;
  FutureBar& bar = m.bar;
  if (fresh) {
    bar.key = FutureBarKey{tick.symbol, tick.expiry, utc_seconds(minute * 60)};
    bar.has_price = true;
    bar.open = bar.high = bar.low = bar.close = tick.price;
    m.open_ts = m.close_ts = m.newest_ts = tick.ts;
  } else {
    if (tick.ts < m.open_ts) {
      m.open_ts = tick.ts;
      bar.open = tick.price;
    }
    if (tick.ts >= m.close_ts) {
      m.close_ts = tick.ts;
      bar.close = tick.price;
    }
    bar.high = std::max(bar.high, tick.price);
    bar.low = std::min(bar.low, tick.price);
  }
  ++bar.count;
  if (fresh || tick.ts >= m.newest_ts) {
    m.newest_ts = tick.ts;
    bar.observed_at = ceil_seconds(tick.ts);
    if (spot && std::isfinite(*spot) && *spot > 0) bar.underlying = spot;
  }
  if (tick.oi && *tick.oi >= 0 && (!bar.oi || tick.ts >= m.oi_ts)) {
    bar.oi = tick.oi;
    m.oi_ts = tick.ts;
  }
  if (tick.cumulative_volume && *tick.cumulative_volume >= 0 &&
      (!m.last_cumulative || tick.ts >= m.cumulative_ts)) {
    const bool changed = m.last_cumulative != tick.cumulative_volume;
    m.last_cumulative = tick.cumulative_volume;
    m.cumulative_ts = tick.ts;
    // The next minute with a volume observation counts from this one: it changes too.
    if (changed) {
      for (auto next = std::next(slot); next != c.minutes.end(); ++next) {
        if (next->second.last_cumulative) {
          next->second.dirty = true;
          break;
        }
      }
    }
  }
  m.dirty = true;
  c.dirty = true;
  return true;
}

void FutureBarBuilder::emit(const Key& key, Contract& c, std::vector<FutureBar>& out) {
  (void)key;
  if (!c.dirty) return;
  const UtcSeconds open = ist_time_on(c.day, 9h + 15min);
  std::optional<std::int64_t> previous;  // the cumulative volume of the minute before
  for (auto& [minute, m] : c.minutes) {
    if (m.dirty) {
      FutureBar bar = m.bar;
      if (m.last_cumulative) {
        if (previous) {
          const std::int64_t traded = *m.last_cumulative - *previous;
          bar.volume = traded >= 0 ? traded : *m.last_cumulative;  // a drop is a reset
        } else {
          bar.volume = bar.key.bucket <= open ? *m.last_cumulative : 0;  // the day's baseline
        }
      }
      out.push_back(std::move(bar));
      m.dirty = false;
    }
    if (m.last_cumulative) previous = m.last_cumulative;
  }
  c.dirty = false;
}

void FutureBarBuilder::drain(std::vector<FutureBar>& out) {
  for (FutureBar& bar : ready_) out.push_back(std::move(bar));
  ready_.clear();
  for (auto& [key, c] : contracts_) emit(key, c, out);
}

std::size_t FutureBarBuilder::pending() const {
  std::size_t n = ready_.size();
  for (const auto& [key, c] : contracts_) {
    if (!c.dirty) continue;
    for (const auto& [minute, m] : c.minutes) n += m.dirty ? 1 : 0;
  }
  return n;
}

void FutureBarBuilder::evict_before(Date day) {
  for (auto it = contracts_.begin(); it != contracts_.end();) {
    if (it->second.day < day) {
      emit(it->first, it->second, ready_);
      it = contracts_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace strikeline
