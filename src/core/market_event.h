// Market events every feed adapter produces (simulator, NDJSON import, HTTP ingest, Kite ticker):
// an option tick, an underlying (index spot) tick, or a future tick giving the forward of an
// expiry (and, with its volume and OI, a future bar's data). Symbols are canonical (core/symbol.h);
// volume is the cumulative day volume as exchanges report it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/expiry.h"
#include "core/side.h"
#include "core/strike.h"
#include "core/timestamp.h"

namespace strikeline {

struct OptionTick {
  Timestamp ts;
  std::string symbol;
  Expiry expiry;
  Strike strike;
  Side side = Side::call;
  std::optional<double> price;                    // last traded price
  std::optional<std::int64_t> cumulative_volume;  // day volume so far, in units
  std::optional<std::int64_t> oi;                 // open interest, in units
  // The best bid and offer (the top of the book) when the feed gives them: prices, and quantities
  // in units. A price of 0 (an empty side of the book) means none.
  std::optional<double> bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;
  // Supplied analytics (IV in percent, theta per day, vega per vol point); computed when absent.
  std::optional<double> iv, delta, gamma, theta, vega;
};

struct UnderlyingTick {
  Timestamp ts;
  std::string symbol;
  double price = 0;
};

struct FutureTick {
  Timestamp ts;
  std::string symbol;
  Expiry expiry;
  double price = 0;                                              // last traded price
  std::optional<std::int64_t> cumulative_volume = std::nullopt;  // day volume so far, in units
  std::optional<std::int64_t> oi = std::nullopt;                 // open interest, in units
};

using MarketEvent = std::variant<OptionTick, UnderlyingTick, FutureTick>;

}  // namespace strikeline
