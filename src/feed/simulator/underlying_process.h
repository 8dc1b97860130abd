// The simulated index: each IST day opens at a level from a slow mean-reverting daily walk (so any
// day can be generated on its own from the seed), then moves every second with an intraday
// volatility pattern (busy at the 09:15 open and into the 15:30 close, calm outside NSE hours),
// occasional jumps, and an ATM volatility level that rises when the index falls.
#pragma once

#include "core/timestamp.h"
#include "feed/simulator/random_stream.h"
#include "feed/simulator/simulator_config.h"

namespace strikeline::sim {

// Relative intraday activity at t: about 2.5 at the open, 1 at midday, 1.8 into the close, 0.4
// outside NSE hours.
double intraday_activity(UtcSeconds t);

class UnderlyingProcess {
 public:
  UnderlyingProcess(const SimulatedSymbol& symbol, std::uint64_t seed, Date day);

  // Moves the process one second forward to t.
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
};

}  // namespace strikeline::sim
