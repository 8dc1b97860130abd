// What a tick or a bar may say (README "Bounds on incoming data"), checked at the door by every
// reader and live feed so that an absurd value becomes a rejected line with its reason instead of
// a stored row that moves every default window (a tick dated 2035) or every total (OI 1e18):
//   - everywhere: a time on or after 2000-01-01 (NSE's index options began in 2001); an expiry on
//     or after the IST date of the tick or bar and at most 10 years after it (any weekday: holiday
//     shifts make Monday and Wednesday expiries real); a strike and every price (premium, bid,
//     ask, underlying, future, OHLC) at most 1 crore (10^7) rupees; open interest at most 10^10
//     units; a cumulative day volume (or a bar's volume) at most 10^12 units; IV at most 10^4 %;
//   - live input (the Kite ticker, HTTP tick ingest): a time within LiveWindow of the server's
//     clock (by default from 24 hours before it to 2 minutes after it);
//   - HTTP bar ingest: no bar starting after the live window's end. `strikeline import` of history
//     has no window (years of files stay importable).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/market_event.h"
#include "core/strike_bar.h"

namespace strikeline {

inline constexpr double kMaxPrice = 1e7;                          // rupees: strikes and prices
inline constexpr std::int64_t kMaxOpenInterest = 10'000'000'000;  // units
inline constexpr std::int64_t kMaxVolume = 1'000'000'000'000;     // units (cumulative day volume)
inline constexpr double kMaxImpliedVolatility = 1e4;              // percent
inline constexpr int kMaxYearsToExpiry = 10;
// 2000-01-01T00:00:00Z: nothing older is F&O data.
inline constexpr UtcSeconds kEarliestMarketTime = UtcSeconds{std::chrono::seconds{946'684'800}};

// How far live input may be from the server's clock.
struct LiveWindow {
  std::chrono::seconds before{24 * 3600};
  std::chrono::seconds after{120};
};

// The clock and window live input is checked against; absent: history, no window.
struct LiveClock {
  Timestamp now;
  LiveWindow window;
};

// Why the event breaks the bounds, or nullopt when it keeps them. With `live`, its time must also
// lie within the window around live->now.
std::optional<std::string> market_event_problem(const MarketEvent& event,
                                                const std::optional<LiveClock>& live = {});

// The same for a 1-minute bar; with `latest`, its bucket must not start after it.
std::optional<std::string> strike_bar_problem(const StrikeBar& bar,
                                              std::optional<Timestamp> latest = {});

}  // namespace strikeline
