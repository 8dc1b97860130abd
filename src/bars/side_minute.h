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

struct SideMinute {
  std::uint32_t count = 0;
  Timestamp last_tick_ts{};  // the newest tick's time (meaningful when count > 0)
  std::uint32_t analytics_count = 0;
  Greeks greek_sums;  // over the analytics_count ticks with valid analytics

  bool has_oi = false;
  std::int64_t oi = 0;
  Timestamp oi_ts{};

  bool has_premium = false;
  double open = 0, high = 0, low = 0, close = 0;
  Timestamp open_ts{}, close_ts{};

  bool has_quote = false;
  std::optional<double> bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;
  Timestamp quote_ts{};

  bool has_volume = false;
  std::int64_t first_cumulative = 0, last_cumulative = 0;
  Timestamp first_volume_ts{}, last_volume_ts{};
  std::int64_t inner_volume = 0;  // traded between the first and last observation

  void add_analytics(const Greeks& greeks) {
    ++analytics_count;
    greek_sums += greeks;
  }

  void observe_oi(Timestamp ts, std::int64_t value) {
    if (!has_oi || ts >= oi_ts) {
      has_oi = true;
      oi = value;
      oi_ts = ts;
    }
  }

  void observe_price(Timestamp ts, double price) {
    if (!has_premium) {
      has_premium = true;
      open = high = low = close = price;
      open_ts = close_ts = ts;
      return;
    }
    if (price > high) high = price;
    if (price < low) low = price;
    if (ts < open_ts) {
      open = price;
      open_ts = ts;
    }
    if (ts >= close_ts) {
      close = price;
      close_ts = ts;
    }
  }

  // Records a tick's quote (a snapshot of the book's top: absent fields stay absent); the newest
  // tick's quote wins.
  void observe_quote(Timestamp ts, std::optional<double> bid_price, std::optional<double> ask_price,
                     std::optional<std::int64_t> bid_quantity,
                     std::optional<std::int64_t> ask_quantity) {
    if (has_quote && ts < quote_ts) return;
    has_quote = true;
    quote_ts = ts;
    bid = bid_price;
    ask = ask_price;
    bid_qty = bid_quantity;
    ask_qty = ask_quantity;
  }

  // Records a cumulative-volume observation. Returns true when the minute's last observation
  // changed (the next minute's bridge then changes too). An observation strictly inside the
  // minute's first..last span changes nothing: the cumulative volume is monotone between resets,
  // so it cannot change the minute's total.
  bool observe_cumulative(Timestamp ts, std::int64_t cumulative) {
    if (!has_volume) {
      has_volume = true;
      first_cumulative = last_cumulative = cumulative;
      first_volume_ts = last_volume_ts = ts;
      inner_volume = 0;
      return true;
    }
    if (ts >= last_volume_ts) {
      inner_volume = add_volume(inner_volume, volume_between(last_cumulative, cumulative));
      last_cumulative = cumulative;
      last_volume_ts = ts;
      return true;
    }
    if (ts < first_volume_ts) {
      inner_volume = add_volume(inner_volume, volume_between(cumulative, first_cumulative));
      first_cumulative = cumulative;
      first_volume_ts = ts;
    }
    return false;
  }

  // Counts a tick of the side at `ts`.
  void observe_tick(Timestamp ts) {
    if (count == 0 || ts > last_tick_ts) last_tick_ts = ts;
    ++count;
  }

  // The bar side without volume and oi_change (they need the neighbouring minutes and days).
  SideBar to_side_bar() const {
    SideBar s;
    s.count = count;
    if (count > 0) s.observed_at = std::chrono::ceil<std::chrono::seconds>(last_tick_ts);
    if (analytics_count > 0) {
      const Greeks mean = greek_sums / static_cast<double>(analytics_count);
      s.analytics_count = analytics_count;
      s.iv = mean.iv;
      s.delta = mean.delta;
      s.gamma = mean.gamma;
      s.theta = mean.theta;
      s.vega = mean.vega;
    }
    if (has_oi) s.oi = oi;
    if (has_quote) {
      s.bid = bid;
      s.ask = ask;
      s.bid_qty = bid_qty;
      s.ask_qty = ask_qty;
    }
    if (has_premium) {
      s.has_premium = true;
      s.open = open;
      s.high = high;
      s.low = low;
      s.close = close;
    }
    return s;
  }
};

}  // namespace strikeline
