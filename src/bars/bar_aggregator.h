// BarAggregator: market events -> 1-minute strike bars with DESIGN.md's bar semantics.
//
// Per side of a strike, per 1-minute bucket (UTC, epoch-aligned):
//  - count: option ticks in the bucket;
//  - volume: traded quantity from differences of the cumulative day volume; a drop is a reset and
//    the new cumulative value counts as traded since it. The first observation of a contract on an
//    IST day is a baseline (counts 0) unless its bucket starts at or before the 09:15 IST session
//    open, in which case its whole cumulative volume was traded in that bucket and counts. So a
//    feed that starts at the open loses nothing, and one that joins mid-day does not book the
//    morning's volume into one minute;
//  - oi: the last observed OI; oi_change: oi minus the previous day's closing OI of that contract
//    (the last OI the aggregator saw on the latest earlier IST day, or a seeded close), absent when
//    unknown;
//  - iv, delta, gamma, theta, vega: means over the ticks with valid values. A tick that supplies
//    all five (0 < iv <= 1000 %, all finite) is used as is; otherwise they are computed with
//    pricing::analyse_option(s) from its premium (last price, else the bid/ask mid), the time to
//    15:30 IST on the expiry, and the forward AggregatorConfig::forward chooses
//    (pricing/forward_choice.h): by default the latest future of that expiry at or before the
//    tick (Black-76) or else the latest spot with the symbol's rate (Black-Scholes); synthetic:
//    the expiry's implied forward from its newest call and put premiums near the spot
//    (bars/parity_book.h, including the tick's own), else as the default; spot: the spot with the
//    rate even when a future is known. Under the nse IV convention (core/iv_convention.h), the
//    spot with r = 10 %, q = 0 and whole days. A
//    tick whose pricing fails, or with nothing to price it against, adds nothing to the means;
//  - premium open/high/low/close: from last traded prices, by tick time;
//  - bid, ask, bid_qty, ask_qty: the quote of the newest tick that carried one (prices of 0, an
//    empty side of the book, and quantities outside [0, kMaxQuoteQuantity] count as absent), taken
//    whole;
//  - observed_at: the side's newest tick time, rounded up to the second;
//  - underlying_close: the spot at or before the bar's latest option tick.
// Future ticks also become 1-minute future bars (bars/future_bars.h: price OHLC, volume, OI, the
// spot at the tick), drained apart with drain_futures(); a future tick of an IST day before the
// future's current one makes no bar (it still prices late option ticks).
// Late ticks (earlier than ones already seen) update the bar of their own minute and re-emit it
// (the consumer replaces bars by key); the minute state kept per strike covers the strike's current
// IST day (or the configured window); ticks older than that are refused as too late.
// drain() returns every bar that changed since the previous drain, call and put of a strike in one
// row. Not thread-safe: one aggregator per ingest thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/forward_source.h"
#include "core/future_bar.h"
#include "core/iv_convention.h"
#include "core/market_event.h"
#include "core/strike_bar.h"

namespace strikeline {

struct AggregatorConfig {
  double rate = 0.10;  // NSE's convention for the risk-free rate
  double dividend_yield = 0.0;
  std::map<std::string, double, std::less<>> rate_by_symbol;  // canonical symbol -> rate
  // How far back a late tick may reach, in minutes before the strike's newest bucket; 0 means the
  // whole current IST day of the strike.
  std::chrono::minutes late_window{0};
  // How computed IVs and Greeks are defined (supplied ones are taken as they come).
  IvConvention iv_convention = IvConvention::strikeline;
  // Which forward the strikeline convention prices on (core/forward_source.h).
  ForwardSource forward = ForwardSource::future;
};

enum class TickOutcome : std::uint8_t {
  aggregated,  // became part of a bar (or updated a price history)
  too_late,    // older than the kept window: refused, nothing changed
  ignored,     // not usable (e.g. an option tick without anything to aggregate)
};

struct AggregatorStats {
  std::uint64_t option_ticks = 0, underlying_ticks = 0, future_ticks = 0;
  std::uint64_t late_ticks = 0;  // aggregated into an earlier bucket than the strike's newest
  std::uint64_t too_late = 0;    // refused
  std::uint64_t analytics_supplied = 0, analytics_computed = 0;
  std::uint64_t pricing_failed = 0;  // analyse_option status != ok
  std::uint64_t unpriced = 0;        // no premium or no underlying to compute analytics with
  friend bool operator==(const AggregatorStats&, const AggregatorStats&) = default;
};

// What the aggregator holds (its memory is mostly its row-minutes: bars/minute_series.h).
struct AggregatorHeld {
  std::size_t rows = 0;         // strike rows live
  std::size_t row_minutes = 0;  // minutes the rows hold for late ticks
};

class BarAggregator {
 public:
  explicit BarAggregator(AggregatorConfig config = {});
  ~BarAggregator();
  BarAggregator(BarAggregator&&) noexcept;
  BarAggregator& operator=(BarAggregator&&) noexcept;

  void set_rate(std::string_view symbol, double rate);

  TickOutcome add(const MarketEvent& event);
  // The events in order, with the same bars and stats as one add per event, faster: the option
  // ticks to price are priced together (pricing::analyse_options).
  void add(std::span<const MarketEvent> events);
  TickOutcome add(const OptionTick& tick);
  TickOutcome add(const UnderlyingTick& tick);
  TickOutcome add(const FutureTick& tick);

  // The closing OI of a contract on IST day `day` (e.g. from the store at start); used as the
  // previous close for later days. A close the aggregator observes itself for the same day wins.
  void seed_previous_close(std::string_view symbol, Expiry expiry, Strike strike, Side side,
                           Date day, std::int64_t oi);
  // Seeds from stored bars: for every side with OI, the newest bar of each IST day is its close.
  void seed_previous_closes(std::span<const StrikeBar> bars);

  // Appends the bars changed since the last drain (1-minute, each at most once) and forgets them.
  void drain(std::vector<StrikeBar>& out);
  std::vector<StrikeBar> drain();
  std::size_t pending() const;
  // Appends the future bars changed since the last drain_futures and forgets them.
  void drain_futures(std::vector<FutureBar>& out);
  std::size_t pending_futures() const;

  // Ends the day of every strike row whose current IST day is before `day` (memory bound for
  // long runs: add() calls it itself once the events it was given bring the option ticks to a
  // new IST day, so the aggregator holds about one day whoever owns it), as that row's first tick
  // of `day` would:
  // its changed minutes become pending bars (still drainable), its last OIs the day's closes, its
  // minutes' memory is given back and a tick of the earlier day is too late from then on; a row
  // whose contract expired before `day` is forgotten.
  void evict_before(Date day);
  AggregatorHeld held() const;

  const AggregatorStats& stats() const;

 private:
  struct State;
  // After an add(): the rows that have not traded on a new day the ticks reached end theirs.
  void end_days_before_a_new_one();

  std::unique_ptr<State> state_;
};

}  // namespace strikeline
