// Deterministic seed data: a small synthetic option market for benchmarks and tests (not the
// market simulator). One symbol, `trading_days` sessions of 375 minutes from `first_day`,
// `expiries` weekly (Tuesday) expiries after the last day, `strikes` strikes around the opening
// spot. The spot follows a seeded random walk; IVs follow a smooth smile and term structure;
// premiums and Greeks are Black-76 values (strikeline_pricing) from the future of each expiry;
// OI is concentrated near the money and on round strikes and drifts smoothly; volume follows the
// intraday U shape; each priced minute has a quote (the close +- one tick, a few lots each side).
// The defaults give the seed-sized set: 5 x 4 x 101 x 375 = 757,500 bars.
// Same options, same output, on every machine (own PRNG, no std distributions).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/market_event.h"
#include "core/strike_bar.h"

namespace strikeline {

struct GeneratorOptions {
  std::string symbol = "NIFTY";
  Date first_day = Date{std::chrono::year{2025} / 10 / 27};  // a Monday
  int trading_days = 5;
  int expiries = 4;
  int strikes = 101;
  double spot = 24350.0;
  double annual_volatility = 0.13;  // of the spot's random walk
  double rate = 0.10;
  std::uint64_t seed = 20251027;
  // Bars and ticks carry a quote (bid/ask a tick either side of the premium, sizes in whole lots),
  // as a feed with market depth gives.
  bool with_quotes = true;
  // Ticks only.
  int ticks_per_minute = 3;      // per contract (and per underlying / future)
  bool supply_analytics = true;  // ticks carry iv and Greeks (false: the aggregator computes them)
  bool with_futures = true;      // emit a future tick per expiry alongside each spot tick
};

// The session days and expiries the options describe.
std::vector<Date> seed_trading_days(const GeneratorOptions& options);
std::vector<Expiry> seed_expiries(const GeneratorOptions& options);

// One-minute bars, ordered by bucket, then expiry, then strike.
std::vector<StrikeBar> generate_seed_bars(const GeneratorOptions& options = {});

// The same market as ticks in time order: per slot (ticks_per_minute slots a minute) a spot tick,
// the futures, then every option contract; volume is the cumulative day volume.
void for_each_seed_tick(const GeneratorOptions& options,
                        const std::function<void(const MarketEvent&)>& fn);
std::vector<MarketEvent> generate_seed_ticks(const GeneratorOptions& options = {});

}  // namespace strikeline
