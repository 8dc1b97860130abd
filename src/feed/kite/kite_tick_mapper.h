// Kite packets -> the pipeline's market events (core/market_event.h), through the instrument
// catalogue: an option packet becomes an OptionTick (last price, cumulative day volume, OI from
// full mode, the best bid/ask price and quantity from the depth), an index or NSE cash equity
// packet (a stock's spot) an UnderlyingTick, a future packet a FutureTick. The tick time is the
// packet's exchange timestamp (full mode) or else the time the frame was received. Packets of
// tokens the catalogue does not know, or without a positive price, map to nothing.
//
// KiteTickMapper also drops a packet identical to the previous packet of its token (Kite replays
// the current state after every (re)subscription), so a reconnect does not count a tick twice, and
// a tick that breaks the bounds on incoming data (feed/market_bounds.h: with a live window, a time
// too far from the frame's receipt; a price, OI or expiry no market has), keeping the reason.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/market_event.h"
#include "feed/kite/instrument_catalogue.h"
#include "feed/kite/kite_frame.h"
#include "feed/market_bounds.h"

namespace strikeline::kite {

[[nodiscard]] std::optional<MarketEvent> to_market_event(const KitePacket& packet,
                                                         const KiteInstrument& instrument,
                                                         Timestamp received);

struct MappingStats {
  std::uint64_t packets = 0, events = 0, unknown_tokens = 0, repeats = 0, unpriced = 0,
                out_of_bounds = 0;
};

class KiteTickMapper {
 public:
  // With `live`, a tick's time must lie within that window around its frame's receipt (the
  // server's clock); without it only the bounds that hold everywhere are checked.
  explicit KiteTickMapper(const InstrumentCatalogue& catalogue,
                          std::optional<LiveWindow> live = std::nullopt)
      : catalogue_(catalogue), live_(live) {}

  // Appends the events of the packets to `out` (not those out of bounds).
  void map(std::span<const KitePacket> packets, Timestamp received, std::vector<MarketEvent>& out);
  const MappingStats& stats() const { return stats_; }
  // Why the last tick out of bounds was dropped (empty while none was).
  const std::string& last_out_of_bounds() const { return last_out_of_bounds_; }

 private:
  const InstrumentCatalogue& catalogue_;
  std::optional<LiveWindow> live_;
  std::unordered_map<std::uint32_t, KitePacket> last_;
  MappingStats stats_;
  std::string last_out_of_bounds_;
};

}  // namespace strikeline::kite
