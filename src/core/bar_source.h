// BarSource: where stored bars came from (issue 25, "provenance is data"). The bar log records it
// per contract (symbol, expiry) and IST day, in the same transaction as the bars; the chain store
// carries it, and GET /health reports it per symbol and expiry. A writer says `market` (Kite,
// HTTP ingest, import of real data) or `simulator` (the built-in market simulator, an import of its
// files); `mixed` is a day that holds both; `unknown` is a day stored before provenance was
// recorded, read as real data.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace strikeline {

enum class BarSource : std::uint8_t { unknown = 0, market = 1, simulator = 2, mixed = 3 };

// "unknown", "market", "simulator", "mixed".
constexpr std::string_view bar_source_name(BarSource source) {
  switch (source) {
    case BarSource::market:
      return "market";
    case BarSource::simulator:
      return "simulator";
    case BarSource::mixed:
      return "mixed";
    case BarSource::unknown:
      break;
  }
  return "unknown";
}

// The inverse of bar_source_name(); nullopt for anything else.
constexpr std::optional<BarSource> parse_bar_source(std::string_view text) {
  for (BarSource s :
       {BarSource::unknown, BarSource::market, BarSource::simulator, BarSource::mixed})
    if (bar_source_name(s) == text) return s;
  return std::nullopt;
}

// True when some of the bars are the simulator's.
constexpr bool holds_simulated(BarSource source) {
  return source == BarSource::simulator || source == BarSource::mixed;
}

// The source of bars of `a` and `b` together (a day written twice, a contract over its days).
// Unknown counts as real data: with market it is market, with simulator mixed.
constexpr BarSource combined(BarSource a, BarSource b) {
  if (a == b) return a;
  if (a == BarSource::unknown) return b == BarSource::simulator ? BarSource::mixed : b;
  if (b == BarSource::unknown) return a == BarSource::simulator ? BarSource::mixed : a;
  return BarSource::mixed;
}

}  // namespace strikeline
