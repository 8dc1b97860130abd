// The metrics `strikeline serve` adds to /metrics about its data and its parts (README
// "Monitoring"): the feed's state and the market events received, seconds since the newest stored
// bar per symbol, the Kite ticker's reconnects, database write errors and pending bars, stored
// bars missing open interest, the chain store's memory and days in memory, whether the NSE session
// is open by the server's calendar, and for a replica whether it follows the writers and its lag.
// Everything is read when /metrics is scraped, from the sources given here; each source must be
// thread-safe and outlive the registry's use.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "api/metrics_registry.h"
#include "api/service_context.h"
#include "app/ingest_pipeline.h"
#include "app/kite_feed.h"
#include "app/writer_failover.h"
#include "core/session_calendar.h"
#include "feed/kite/kite_ticker_client.h"
#include "store/chain_store.h"
#include "store/postgres/bar_change_follower.h"

namespace strikeline::app {

struct ServerMetricSources {
  std::function<std::shared_ptr<const ChainReader>()> snapshot;
  std::function<FeedStatus()> feed_status;
  std::function<Timestamp()> now;
  const IngestPipeline* pipeline = nullptr;
  const ChainStore* store = nullptr;
  SessionCalendar calendar;
  // The Kite ticker's counters; nullopt (zeros exported) without --feed kite.
  std::function<std::optional<kite::KiteClientStats>()> kite;
  // The Kite ticker's connections and instruments; nullopt (no series) without --feed kite.
  std::function<std::optional<KiteFeed::Connections>()> kite_connections;
  // A replica's follower; nullopt on a writer (the replica metrics are not exported).
  std::function<std::optional<FollowerStats>()> follower;
  // A PostgreSQL writer's fail-over role; unset elsewhere (the writer metrics are not exported).
  std::function<std::optional<WriterRole>()> writer_role;
};

void register_server_metrics(MetricsRegistry& registry, ServerMetricSources sources);

}  // namespace strikeline::app
