// End-of-day records (an exchange's daily file) -> daily strike bars, DESIGN.md's "1-day bars are
// the IST trading day" for data that only has the day's close. One 1-minute bar per strike and day
// at 15:30 IST (the session's close), each side observed at 15:30:00 IST: so the chain as of any
// moment before the close reads the previous day's state (nothing of the day leaks before it is
// known), and every rollup up to 1 day contains exactly that bar. Per side:
//  - oi, oi_change: the file's (units); volume: contracts x the record's lot (units), unknown lot:
//    volume 0 and counted in DailyBarStats::volume_without_lot;
//  - premium open/high/low/close: the file's when the contract traded that day (volume > 0); an
//    untraded contract has no premium (its last price carries from the day it traded);
//  - count 1; observed_at the bar's start (15:30:00 IST);
//  - iv and Greeks from the settlement price (else the close) under the IV convention: strikeline
//    prices on the forward DailyBarOptions::forward chooses (pricing/forward_choice.h: by default
//    the same expiry's future settlement with Black-76, else the spot with the rate; synthetic:
//    the expiry's implied forward from the day's call and put premiums, pricing/implied_forward.h;
//    spot: the spot with the rate), else the nearest future; nse on the spot with r = 10 %, q = 0
//    and whole days (core/iv_convention.h);
//  - underlying_close: the record's underlying (UDiFF UndrlygPric), else the given closes
//    (--underlying, the index close file), else the same expiry's future, else the nearest future.
// Futures records give the forward and the fallback underlying and are returned per expiry.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/end_of_day.h"
#include "core/forward_source.h"
#include "core/future_bar.h"
#include "core/iv_convention.h"
#include "core/strike_bar.h"

namespace strikeline {

// The daily bar's start: 15:30 IST on `day` (a 1-minute bar).
UtcSeconds daily_bar_time(Date day);

// True for a bar as build_daily_bars makes them: the 15:30 IST minute of its IST day, each side
// it has counted once and observed at the bucket's start. (A feed's minute bar of 15:30 holds
// ticks seen after 15:30:00; a saved option chain of 15:30:00 is the day's close itself and
// replaces the daily bar by its key.)
bool is_daily_bar(const StrikeBar& bar);

struct DailyBarOptions {
  IvConvention convention = IvConvention::strikeline;
  double rate = 0.10;                             // strikeline convention, spot pricing
  ForwardSource forward = ForwardSource::future;  // strikeline convention: which forward
  // The lot of a record that carries none (the legacy bhavcopy) on its day: nullopt when unknown.
  std::function<std::optional<std::int64_t>(std::string_view symbol, Expiry expiry, Date day)> lot;
  // The underlying's close per (symbol, day) from elsewhere (an index close file, --underlying).
  std::map<std::pair<std::string, Date>, double> underlying_close;
};

// A future's day as the file gives it (price, OI and basis per expiry); future_day_bar() makes it
// the future's bar of the day.
struct FutureDay {
  Date day;
  std::string symbol;
  Expiry expiry;
  double close = 0;
  double open = 0, high = 0, low = 0;  // 0: not traded that day
  std::optional<double> settle;
  std::int64_t oi = 0;  // units
  std::optional<std::int64_t> oi_change;
  std::int64_t volume = 0;           // units (0 when the lot is unknown)
  bool traded = false;               // contracts traded that day
  std::optional<double> underlying;  // the spot that day, when known
  std::optional<double> basis() const {
    if (!underlying) return std::nullopt;
    return (settle ? *settle : close) - *underlying;
  }
};

struct DailyBarStats {
  std::size_t options = 0, futures = 0;
  std::size_t priced = 0, pricing_failed = 0;
  std::size_t without_underlying = 0;      // option records with nothing to price against
  std::size_t underlying_from_future = 0;  // bars whose underlying is a future's price
  std::size_t volume_without_lot = 0;
  std::size_t duplicates = 0;  // a contract listed twice in a day: the later row kept
};

struct DailyBars {
  std::vector<StrikeBar> bars;  // ascending by (day, symbol, expiry, strike)
  std::vector<FutureDay> futures;
  DailyBarStats stats;
};

DailyBars build_daily_bars(std::span<const EndOfDayRecord> records, const DailyBarOptions& options);

// The future's daily bar (core/future_bar.h): the 1-minute bar of 15:30 IST, observed at 15:30:00,
// as the options' daily bars; open/high/low/close (close: the file's close, the last traded price)
// when it traded that day (a price above 0 and volume), high and low widened to hold open and
// close; the settlement price; volume, OI and its change in units; the underlying.
FutureBar future_day_bar(const FutureDay& day);

}  // namespace strikeline
