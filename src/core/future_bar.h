// The future bar: one index or stock future (symbol, expiry) over one 1-minute bucket, the futures'
// counterpart of the strike bar (core/strike_bar.h) that every stage exchanges: the aggregator
// and the daily-file importers produce it, the repositories store it (fo_future_bars), the chain
// store keeps it for as-of reads (store/futures_book.h). A bar holds its bucket's flows (volume,
// tick count, price open/high/low/close) and the state seen at its end (the close is the last
// traded price, the OI, the underlying, the observation time). A day from an exchange's daily file
// is the 1-minute bar of 15:30 IST, observed at 15:30:00, as the option daily bars are.
// Units: prices in rupees; volume and OI in units (not lots).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/expiry.h"
#include "core/timestamp.h"

namespace strikeline {

struct FutureBarKey {
  std::string symbol;  // canonical
  Expiry expiry;
  UtcSeconds bucket;  // 1-minute bucket start, UTC
  friend bool operator==(const FutureBarKey&, const FutureBarKey&) = default;
  friend auto operator<=>(const FutureBarKey&, const FutureBarKey&) = default;
};

struct FutureBar {
  FutureBarKey key;
  // Traded price open/high/low/close (close: the last traded price of the bucket); meaningful only
  // when has_price.
  double open = 0, high = 0, low = 0, close = 0;
  bool has_price = false;
  std::optional<double> settle;           // the exchange's settlement price (daily files)
  std::int64_t volume = 0;                // units traded inside the bucket
  std::optional<std::int64_t> oi;         // last observed open interest, units
  std::optional<std::int64_t> oi_change;  // against the previous day's close, when a file says
  std::optional<double> underlying;       // the spot at the bar's newest tick
  // When the future was last observed in the bucket (its newest tick, rounded up to the second,
  // within [bucket, bucket + 60 s]); absent: counts as observed at the bucket's end.
  std::optional<UtcSeconds> observed_at;
  std::uint32_t count = 0;  // ticks in the bucket

  friend bool operator==(const FutureBar&, const FutureBar&) = default;
};

// The moment from which the bar's state counts (DESIGN.md: nothing observed after t is read).
inline UtcSeconds observed_moment(const FutureBar& bar) {
  return bar.observed_at ? *bar.observed_at : bar.key.bucket + std::chrono::seconds{60};
}

// Why a bar cannot be stored (not minute-aligned, a price that is not finite and positive, OHLC out
// of order, negative volume or OI, observed_at outside its minute); nullopt when it can.
std::optional<std::string> future_bar_problem(const FutureBar& bar);

}  // namespace strikeline
