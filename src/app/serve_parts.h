// ServeParts: `strikeline serve` as the parts it is made of, declared in the order they begin to
// live, so that destruction (the reverse) ends each part before the parts it uses: the bar log
// (and whether this server must wait for the SQLite file's writer to hand it over), the chain store
// loaded from it, the one write path, a PostgreSQL writer's fail-over (one of several writers
// leads: app/writer_failover.h), the feed, what the HTTP handlers read, the live stream, a
// replica's follower of the writers, the feed's runner, a successor's writer handover, the SQLite
// integrity check, the warm-up of the store's older days (the newest is loaded before serving),
// the HTTP server, then the parts that run only while serving: systemd's
// watchdog, the retry of pending writes (a writer without a feed; a feed's runner retries them
// itself) and the end of writing (a SQLite writer: when SIGTERM begins the drain, the feed is
// stopped with its last events written, the write path closed and the file released for a
// successor while the drain goes on).
// Opening the bar log also applies the simulated-data policy (issue 25: --discard-simulated, the
// Kite feed refused over simulated bars of its symbols). The constructor opens and loads (throws
// ServeError with a message for the operator); serve() listens, runs until SIGTERM/SIGINT has
// drained the HTTP server, stops the background parts and returns. SIGHUP reopens the log file and
// re-reads the ingest token file.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <stdexcept>

#include "api/http_server.h"
#include "api/ingest/ingest_auth.h"
#include "api/service_context.h"
#include "api/stream/stream_hub.h"
#include "app/bar_storage.h"
#include "app/feed.h"
#include "app/feed_runner.h"
#include "app/ingest_pipeline.h"
#include "app/integrity_check.h"
#include "app/kite_feed.h"
#include "app/log_output.h"
#include "app/pipeline_ingest_sink.h"
#include "app/serve_config.h"
#include "app/service_watchdog.h"
#include "app/store_warmup.h"
#include "app/writer_failover.h"
#include "app/writer_handover.h"
#include "core/periodic_worker.h"
#include "store/chain_store.h"

namespace strikeline::app {

// A start-up failure, its message fit for the operator (`serve` prints it and exits 2).
class ServeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ServeParts {
 public:
  // `log_file`: where the logs go (reopened at SIGHUP), or null for stdout/stderr.
  ServeParts(const ServeConfig& config, const LogFile* log_file);
  ~ServeParts();
  ServeParts(const ServeParts&) = delete;
  ServeParts& operator=(const ServeParts&) = delete;

  void serve();

 private:
  // What the start-up reads of the store found.
  struct StoreLoad {
    std::optional<UtcSeconds> load_began;        // the database's time (a replica's follower)
    std::optional<std::int64_t> applied_change;  // the change log's number (a replica's follower)
    std::optional<UtcSeconds> newest_stored;     // the newest 1-minute bucket in the database
  };

  BarStorage open_storage();
  // Provenance (issue 25): simulated bars where this writer stores real data.
  void check_sources(const BarStorage& storage) const;
  ProvenanceOptions provenance() const;
  AggregatorConfig pricing() const;  // --iv-convention, --forward
  bool waits_for_writer() const;
  StoreLoad load_store();
  // The lot sizes the API answers (context_.contract_specs): the stored ones, the simulator's
  // configured lots, the Kite dump's (stored too, by a writer).
  void learn_lots();
  std::unique_ptr<Feed> make_feed();
  std::unique_ptr<WriterFailover> make_failover();
  FeedStatus feed_status() const;
  void register_metrics();
  void install_routes();
  void on_stop();
  void reload() const;
  // Starts the feed: at once, or when a successor has taken the SQLite file over.
  void begin_writing();
  // When the stop begins (a SQLite writer): the feed stopped with its last events written, the
  // write path closed, the file released for a successor.
  void end_writing();
  PeriodicWorker::Delay retry_pending_writes();
  // A PostgreSQL writer's upkeep of the day partitions (store/postgres/postgres_bar_repository.h):
  // today's IST day and the next kPartitionDaysAhead created, the database's retention applied;
  // at start, then hourly (a failed pass is retried in a minute); under writer fail-over by the
  // leader only (a follower checks its role every second). What was dropped is logged. The
  // chain store is not told: a dropped day held in memory stays listed until a restart, and reads
  // of a day no longer in memory find no bars.
  PeriodicWorker::Delay keep_partitions();

  const ServeConfig& config_;
  const LogFile* const log_file_;
  BarStorage storage_;
  const bool waits_for_writer_;  // a successor (--handover) before the file is handed over
  // A successor re-reads what its predecessor wrote from here on (before the load began).
  const UtcSeconds handover_since_;
  ChainStore store_;
  const StoreLoad loaded_;
  IngestPipeline pipeline_;
  // A PostgreSQL writer's leadership (created with the pipeline: it follows until it leads).
  std::unique_ptr<WriterFailover> failover_;
  std::unique_ptr<Feed> feed_;  // null: --feed none, or a replica
  KiteFeed* const kite_;        // feed_ when it is Kite's (its ticker's counters for /metrics)
  ServiceContext context_;
  StreamHub stream_;
  std::unique_ptr<BarChangeFollower> follower_;  // a replica's
  std::unique_ptr<FeedRunner> runner_;           // with a feed
  std::unique_ptr<WriterHandover> handover_;     // a successor's
  std::unique_ptr<IntegrityCheck> integrity_;    // a SQLite file's
  std::unique_ptr<StoreWarmup> warmup_;          // the window's older days, after the start
  PipelineIngestSink ingest_sink_;
  HttpServer server_;
  std::shared_ptr<IngestAuth> ingest_auth_;  // a writer's ingest routes' token
  std::optional<ServiceWatchdog> watchdog_;  // while serving
  std::atomic<bool> stopping_{false};        // the drain has begun
  std::atomic<bool> writing_ended_{false};   // end_writing() has run
  bool writer_release_started_ = false;      // serve()'s
  PeriodicWorker pending_writes_;            // a writer without a feed, while serving
  PeriodicWorker writer_release_;            // a SQLite writer, while serving
  PeriodicWorker partition_upkeep_;          // a PostgreSQL writer's, while serving
};

}  // namespace strikeline::app
