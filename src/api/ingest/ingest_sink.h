// IngestSink: where the HTTP ingest endpoints hand validated data, implemented by the application
// (its one write path, app/IngestPipeline) so the api stage does not depend on the app. Both calls
// say exactly what became of the data, so the answer to the client can too:
//   - they throw IngestUnavailable when the store cannot take data now (it is failing, or this
//     server does not write yet or any more): nothing of the call was taken or will be written;
//   - they throw SimulatedDataConflict when the data (real: HTTP ingest is market data) is for
//     contracts whose stored bars are the simulator's and the server does not allow mixing them
//     (issue 25): nothing of the call was taken;
//   - otherwise the receipt says how many 1-minute bars are durable and visible, or, when the
//     store failed during this very call, how many are held in memory and will be written once it
//     recovers (the events were already aggregated and cannot be taken back).
// Implementations must be thread-safe (HTTP workers call concurrently with any live feed).
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "core/market_event.h"
#include "core/strike_bar.h"
#include "store/bar_repository.h"

namespace strikeline {

struct IngestReceipt {
  std::size_t bars_written = 0;  // durable and visible
  std::size_t bars_pending = 0;  // held until the store recovers (then written)
  std::string failure;           // why bars are pending
  bool durable() const { return bars_pending == 0; }
};

// Nothing was taken: retry later.
struct IngestUnavailable : StorageError {
  using StorageError::StorageError;
};

// Nothing was taken: real data would join simulated bars of the same contracts.
struct SimulatedDataConflict : StorageError {
  using StorageError::StorageError;
};

class IngestSink {
 public:
  virtual ~IngestSink() = default;
  // Aggregates the market events into 1-minute bars and stores the bars they change.
  virtual IngestReceipt ingest_events(std::span<const MarketEvent> events) = 0;
  // Stores 1-minute bars as given (a bar with an existing key replaces it).
  virtual IngestReceipt ingest_bars(std::span<const StrikeBar> bars) = 0;
};

}  // namespace strikeline
