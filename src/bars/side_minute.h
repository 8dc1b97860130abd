// SideMinute: what the aggregator accumulates for one side (call or put) of one strike in one
// minute, order-independent so that late ticks land correctly: tick count; the sum of the Greeks of
// the ticks that had valid ones; the OI and premium open/close with the time they were observed
// (latest OI and close win, earliest open wins); the newest quote (best bid/offer, taken whole from
// the newest tick that carried any of it); the time of the newest tick (the side's
// observation time, rounded up to the second in the bar); and the cumulative-volume observations
// bounding the minute (first and last) with the volume traded between them. The minute's traded
// volume is bridge(previous observation, first) + inner, computed by the aggregator, where
// bridge(a, b) = b - a, or b when the cumulative volume dropped (a reset).
#pragma once

#include <cassert>
#include <cstdint>
#include <limits>
#include <optional>

#include "core/greeks.h"
#include "core/strike_bar.h"
#include "core/timestamp.h"

namespace strikeline {

// Volume traded between two non-negative cumulative-volume observations, reset-safe.
constexpr std::int64_t volume_between(std::int64_t earlier, std::int64_t later) {
  return later >= earlier ? later - earlier : later;
}

// a + b for non-negative volumes, saturating instead of overflowing on absurd feeds.
constexpr std::int64_t add_volume(std::int64_t a, std::int64_t b) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  return a > kMax - b ? kMax : a + b;
}

// Microseconds from the start of a tick's minute (0 .. 59,999,999): the times a SideMinute keeps.
// Every tick placed in a minute lies inside it, so the offsets order the ticks as their timestamps
// do, in half the bytes.
using MinuteMicros = std::uint32_t;

// The offset of `ts` in the minute starting at `minute_start` (ts must lie in that minute).
inline MinuteMicros minute_micros(Timestamp ts, Timestamp minute_start) {
  const auto offset = (ts - minute_start).count();
  assert(offset >= 0 && offset < 60'000'000);
  return static_cast<MinuteMicros>(offset);
}

// One side of one minute. The aggregator keeps one per side for every minute of a row's day (late
// ticks may reach any of them), so its layout is packed: times as MinuteMicros, the presence of
// optional values as flag bits (176 bytes instead of 280).
struct SideMinute {
  std::uint32_t count = 0;
  std::uint32_t analytics_count = 0;
  Greeks greek_sums;  // over the analytics_count ticks with valid analytics

  std::int64_t oi = 0;                            // when has_oi()
  double open = 0, high = 0, low = 0, close = 0;  // when has_premium()
  double bid = 0, ask = 0;                        // each when the quote has it
  std::int64_t bid_qty = 0, ask_qty = 0;
  std::int64_t first_cumulative = 0, last_cumulative = 0;  // when has_volume()
  std::int64_t inner_volume = 0;  // traded between the first and last observation

  MinuteMicros last_tick = 0;  // the newest tick's time (meaningful when count > 0)
  MinuteMicros oi_at = 0, open_at = 0, close_at = 0, quote_at = 0;
  MinuteMicros first_volume_at = 0, last_volume_at = 0;
  std::uint8_t flags = 0;  // kHas* bits

  static constexpr std::uint8_t kHasOi = 1u << 0, kHasPremium = 1u << 1, kHasQuote = 1u << 2,
                                kHasVolume = 1u << 3, kHasBid = 1u << 4, kHasAsk = 1u << 5,
                                kHasBidQty = 1u << 6, kHasAskQty = 1u << 7;

  bool has(std::uint8_t bit) const { return (flags & bit) != 0; }
  bool has_oi() const { return has(kHasOi); }
  bool has_premium() const { return has(kHasPremium); }
  bool has_quote() const { return has(kHasQuote); }
  bool has_volume() const { return has(kHasVolume); }

  void add_analytics(const Greeks& greeks) {
    ++analytics_count;
    greek_sums += greeks;
  }

  void observe_oi(MinuteMicros at, std::int64_t value) {
    if (!has_oi() || at >= oi_at) {
      flags |= kHasOi;
      oi = value;
      oi_at = at;
    }
  }

  void observe_price(MinuteMicros at, double price) {
    if (!has_premium()) {
      flags |= kHasPremium;
      open = high = low = close = price;
      open_at = close_at = at;
      return;
    }
    if (price > high) high = price;
    if (price < low) low = price;
    if (at < open_at) {
      open = price;
      open_at = at;
    }
    if (at >= close_at) {
      close = price;
      close_at = at;
    }
  }

  // Records a tick's quote (a snapshot of the book's top: absent fields stay absent); the newest
  // tick's quote wins.
  void observe_quote(MinuteMicros at, std::optional<double> bid_price,
                     std::optional<double> ask_price, std::optional<std::int64_t> bid_quantity,
                     std::optional<std::int64_t> ask_quantity) {
    if (has_quote() && at < quote_at) return;
    quote_at = at;
    flags = static_cast<std::uint8_t>((flags & ~(kHasBid | kHasAsk | kHasBidQty | kHasAskQty)) |
                                      kHasQuote);
    bid = bid_price.value_or(0);
    ask = ask_price.value_or(0);
    bid_qty = bid_quantity.value_or(0);
    ask_qty = ask_quantity.value_or(0);
    if (bid_price) flags |= kHasBid;
    if (ask_price) flags |= kHasAsk;
    if (bid_quantity) flags |= kHasBidQty;
    if (ask_quantity) flags |= kHasAskQty;
  }

  // Records a cumulative-volume observation. Returns true when the minute's last observation
  // changed (the next minute's bridge then changes too). An observation strictly inside the
  // minute's first..last span changes nothing: the cumulative volume is monotone between resets,
  // so it cannot change the minute's total.
  bool observe_cumulative(MinuteMicros at, std::int64_t cumulative) {
    if (!has_volume()) {
      flags |= kHasVolume;
      first_cumulative = last_cumulative = cumulative;
      first_volume_at = last_volume_at = at;
      inner_volume = 0;
      return true;
    }
    if (at >= last_volume_at) {
      inner_volume = add_volume(inner_volume, volume_between(last_cumulative, cumulative));
      last_cumulative = cumulative;
      last_volume_at = at;
      return true;
    }
    if (at < first_volume_at) {
      inner_volume = add_volume(inner_volume, volume_between(cumulative, first_cumulative));
      first_cumulative = cumulative;
      first_volume_at = at;
    }
    return false;
  }

  // Counts a tick of the side at `at`.
  void observe_tick(MinuteMicros at) {
    if (count == 0 || at > last_tick) last_tick = at;
    ++count;
  }

  // The bar side without volume and oi_change (they need the neighbouring minutes and days);
  // `minute_start` is the start of the side's minute.
  SideBar to_side_bar(Timestamp minute_start) const {
    SideBar s;
    s.count = count;
    if (count > 0) {
      s.observed_at = std::chrono::ceil<std::chrono::seconds>(minute_start +
                                                              std::chrono::microseconds{last_tick});
    }
    if (analytics_count > 0) {
      const Greeks mean = greek_sums / static_cast<double>(analytics_count);
      s.analytics_count = analytics_count;
      s.iv = mean.iv;
      s.delta = mean.delta;
      s.gamma = mean.gamma;
      s.theta = mean.theta;
      s.vega = mean.vega;
    }
    if (has_oi()) s.oi = oi;
    if (has_quote()) {
      if (has(kHasBid)) s.bid = bid;
      if (has(kHasAsk)) s.ask = ask;
      if (has(kHasBidQty)) s.bid_qty = bid_qty;
      if (has(kHasAskQty)) s.ask_qty = ask_qty;
    }
    if (has_premium()) {
      s.has_premium = true;
      s.open = open;
      s.high = high;
      s.low = low;
      s.close = close;
    }
    return s;
  }
};
static_assert(sizeof(SideMinute) == 176, "the aggregator's memory budget assumes 176-byte sides");

}  // namespace strikeline
