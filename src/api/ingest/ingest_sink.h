// IngestSink: where the HTTP ingest endpoints hand validated data, implemented by the application
// (its one write path, app/IngestPipeline) so the api stage does not depend on the app. Both calls
// return only once the data is durable and visible to queries, and report the number of 1-minute
// bars written; they throw StorageError when the durable store failed (nothing acknowledged).
// Implementations must be thread-safe (HTTP workers call concurrently with any live feed).
#pragma once

#include <cstddef>
#include <span>

#include "core/market_event.h"
#include "core/strike_bar.h"

namespace strikeline {

class IngestSink {
 public:
  virtual ~IngestSink() = default;
  // Aggregates the market events into 1-minute bars and stores the bars they change.
  virtual std::size_t ingest_events(std::span<const MarketEvent> events) = 0;
  // Stores 1-minute bars as given (a bar with an existing key replaces it).
  virtual std::size_t ingest_bars(std::span<const StrikeBar> bars) = 0;
};

}  // namespace strikeline
