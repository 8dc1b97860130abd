// ServiceContext: everything the HTTP stage reads from the rest of the process, as plain callbacks
// so the application wires the real store and feed and tests wire fixtures. Each callback must be
// thread-safe; unset callbacks take the defaults below.
//   snapshot()        the current chain snapshot (a consistent ChainReader); nullptr means the
//                     store is not ready, and data endpoints answer 503.
//   storage_health()  the durable store's health (GET /health is 503 when unhealthy).
//   feed_status()     the market feed's state for GET /health.
//   now()             the clock (injectable for tests); expiry labels and defaults use its IST
//   date.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/metrics_registry.h"
#include "core/symbol.h"
#include "core/timestamp.h"
#include "store/bar_repository.h"
#include "store/chain_reader.h"

namespace strikeline {

struct FeedStatus {
  std::string source = "none";  // "simulator", "kite", "ingest", "none", ...
  std::string state = "idle";   // "running", "connecting", "stopped", "failed", ...
  bool healthy = true;          // false makes GET /health 503 naming the feed
  bool simulated = false;       // the data comes from the built-in market simulator
  std::string detail;           // what failed, when unhealthy
};

struct ServiceContext {
  std::function<std::shared_ptr<const ChainReader>()> snapshot;
  std::function<RepositoryHealth()> storage_health;  // default: healthy
  std::function<FeedStatus()> feed_status;           // default: FeedStatus{}
  std::function<Timestamp()> now;                    // default: the system clock
  std::shared_ptr<MetricsRegistry> metrics = std::make_shared<MetricsRegistry>();
  ContractSpecs contract_specs;  // strike steps per symbol / contract
  std::string version = STRIKELINE_VERSION;

  Timestamp current_time() const {
    if (now) return now();
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

}  // namespace strikeline
