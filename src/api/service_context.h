// ServiceContext: everything the HTTP stage reads from the rest of the process, as plain callbacks
// so the application wires the real store and feed and tests wire fixtures. Each callback must be
// thread-safe; unset callbacks take the defaults below.
//   snapshot()        the current chain snapshot (a consistent ChainReader); nullptr means the
//                     store is not ready, and data endpoints answer 503.
//   storage_health()  the durable store's health (GET /health is 503 when unhealthy).
//   feed_status()     the market feed's state for GET /health.
//   startup_checks()  what the server still waits for or found at start (the integrity check of
//                     the database file, the writer lock of a successor): GET /health says
//                     "degraded" (200) while one is pending and 503 when one failed.
//   replica_status()  a read replica's following of the writers, shown by GET /health.
//   writer_role()     a PostgreSQL writer's fail-over role (leader or follower, the lease term)
//                     for GET /health and /metrics; unset for other servers.
//   now()             the clock (injectable for tests); expiry labels and defaults use its IST
//   date.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/metrics_registry.h"
#include "core/forward_source.h"
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

// One start-up check of the server (see ServiceContext::startup_checks).
struct StartupCheck {
  std::string name;  // "integrity", "writer"
  enum class State { pending, passed, failed } state = State::pending;
  std::string detail;  // what is awaited, or what failed
};

// A read replica's following of the writers (GET /health's "replica"), see
// store/postgres/bar_change_follower.h.
struct ReplicaStatus {
  bool following = false;             // LISTENing on the primary / polling a standby
  bool on_standby = false;            // its database is a hot standby
  std::optional<double> lag_seconds;  // from the last applied change's commit; none yet: nullopt
  std::optional<std::int64_t> change_seq;  // the newest change log number applied
};

// A writer's role in writer fail-over (app/writer_failover.h).
struct WriterRole {
  bool leader = false;
  std::int64_t term = 0;        // the term led, or the newest term seen (0: none yet)
  std::string id;               // this server's lease holder id
  std::string leader_id;        // the holder of the newest term seen ("" when unknown)
  std::uint64_t takeovers = 0;  // terms this server took
};

struct ServiceContext {
  std::function<std::shared_ptr<const ChainReader>()> snapshot;
  std::function<RepositoryHealth()> storage_health;              // default: healthy
  std::function<FeedStatus()> feed_status;                       // default: FeedStatus{}
  std::function<std::vector<StartupCheck>()> startup_checks;     // default: none
  std::function<std::optional<ReplicaStatus>()> replica_status;  // default: not a replica
  std::function<std::optional<WriterRole>()> writer_role;        // default: not such a writer
  std::function<Timestamp()> now;                                // default: the system clock
  std::shared_ptr<MetricsRegistry> metrics = std::make_shared<MetricsRegistry>();
  ContractSpecs contract_specs;  // strike steps per symbol / contract
  // The IV convention computed IVs and Greeks follow ("strikeline" or "nse"), shown by /health.
  std::string iv_convention = "strikeline";
  // How the write path prices (--forward, the rate): the forward answers report with each expiry.
  PricingPolicy pricing;
  std::string version = STRIKELINE_VERSION;

  Timestamp current_time() const {
    if (now) return now();
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

}  // namespace strikeline
