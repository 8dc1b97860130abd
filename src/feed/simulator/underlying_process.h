// The simulated index: each IST day opens at a level from a slow mean-reverting daily walk (so any
// day can be generated on its own from the seed), then moves every second with an intraday
// volatility pattern (busy at the 09:15 open and into the 15:30 close, calm outside NSE hours),
// occasional jumps, and an ATM volatility level that rises when the index falls. A process that
// runs around the clock is a bridge: its index and volatility level arrive at the next day's
// opening values at IST midnight, so consecutive days join without a gap (NSE-hours sessions keep
// their overnight gaps, as the market does).
#pragma once

#include "core/timestamp.h"
#include "feed/simulator/random_stream.h"
#include "feed/simulator/simulator_config.h"

namespace strikeline::sim {

// Relative intraday activity at t: about 2.5 at the open, 1 at midday, 1.8 into the close, 0.4
// outside NSE hours.
double intraday_activity(UtcSeconds t);
// A steeper U for trade rates (the NSE-FO universe): about 6 at the open, falling to 1 within
// half an hour, 1.8 into the close; the first 15 minutes average about 3 times the session's
// average. 0.4 outside NSE hours.
double open_heavy_activity(UtcSeconds t);

class UnderlyingProcess {
 public:
  // around_the_clock: the day runs to IST midnight and is bridged to the next day's open.
  UnderlyingProcess(const SimulatedSymbol& symbol, std::uint64_t seed, Date day,
                    bool around_the_clock = false);

  // Moves the process one second forward: from t to t + 1 s.
  void step(UtcSeconds t);

  double price() const { return price_; }
  // Today's ATM implied volatility level (annualised) that the surface is built around.
  double volatility_level() const { return vol_; }

 private:
  RandomStream random_;
  double price_ = 0;
  double vol_ = 0;
  double day_vol_ = 0;  // the level the intraday volatility mean-reverts to
  double drift_ = 0;    // a small per-day trend, per second
  // Around the clock: the end of the day and the next day's opening level and volatility.
  bool bridged_ = false;
  UtcSeconds day_end_{};
  double next_log_price_ = 0;
  double next_vol_ = 0, next_log_vol_ = 0;
};

}  // namespace strikeline::sim
