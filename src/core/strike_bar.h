// The strike bar: one (symbol, expiry, strike, timeframe, bucket start) row with call and put
// sides, as DESIGN.md's bar semantics define it. This is the row every stage exchanges: the
// aggregator and the bar readers produce it, the repositories store it, the chain store serves it.
// A bar holds a bucket's flows (volume, count, premium OHLC, mean analytics) and the state seen at
// its end (oi, close, underlying, and for 1-minute bars the quote and when each side was last
// observed), from
// which the chain store builds the chain as of any moment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/expiry.h"
#include "core/side.h"
#include "core/strike.h"
#include "core/timeframe.h"
#include "core/timestamp.h"

namespace strikeline {

// The largest quote quantity a bar holds (the chain store keeps quantities in 32 bits).
inline constexpr std::int64_t kMaxQuoteQuantity = 0xFFFFFFFE;

struct SideBar {
  // Means over the ticks that carried a valid value; meaningful only when analytics_count > 0.
  // IV in percent, theta per calendar day, vega per vol point.
  double iv = 0, delta = 0, gamma = 0, theta = 0, vega = 0;
  std::uint32_t analytics_count = 0;
  std::uint32_t count = 0;                // ticks in the bucket
  std::int64_t volume = 0;                // quantity traded inside the bucket, in units
  std::optional<std::int64_t> oi;         // last observed open interest, in units
  std::optional<std::int64_t> oi_change;  // oi minus the previous trading day's closing oi
  // Premium (last traded price) open/high/low/close; meaningful only when has_premium.
  double open = 0, high = 0, low = 0, close = 0;
  bool has_premium = false;
  // 1-minute bars: when the side was last observed in the bucket (its newest tick's time, rounded
  // up to the second, so within [bucket, bucket + 60 s]); absent when unknown (a bar from a file
  // without the column: its state counts as observed at the bucket's end). Rollups carry none.
  std::optional<UtcSeconds> observed_at;
  // 1-minute bars: the quote (best bid and offer) last seen in the minute, as one snapshot of the
  // book's top: prices (positive) and quantities in units, each absent when that tick lacked it.
  // State, like oi: rollups carry none.
  std::optional<double> bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;

  bool has_quote() const { return bid || ask || bid_qty || ask_qty; }
  void clear_quote() {
    bid.reset();
    ask.reset();
    bid_qty.reset();
    ask_qty.reset();
  }
  bool has_analytics() const { return analytics_count > 0; }
  bool empty() const {
    return count == 0 && !oi && !has_premium && analytics_count == 0 && volume == 0 && !has_quote();
  }
  friend bool operator==(const SideBar&, const SideBar&) = default;
};

struct BarKey {
  std::string symbol;  // canonical
  Expiry expiry;
  Strike strike;
  Timeframe timeframe = Timeframe::m1;
  UtcSeconds bucket;  // bucket start, UTC
  friend bool operator==(const BarKey&, const BarKey&) = default;
  friend auto operator<=>(const BarKey&, const BarKey&) = default;
};

struct StrikeBar {
  BarKey key;
  std::optional<double> underlying_close;  // last underlying price in the bucket
  SideBar call;
  SideBar put;

  SideBar& side(Side s) { return s == Side::call ? call : put; }
  const SideBar& side(Side s) const { return s == Side::call ? call : put; }
  friend bool operator==(const StrikeBar&, const StrikeBar&) = default;
};

}  // namespace strikeline
