#include "app/serve_parts.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "api/ingest/ingest_routes.h"
#include "api/static_files.h"
#include "app/pricing_options.h"
#include "app/secrets.h"
#include "app/server_metrics.h"
#include "app/service_notifier.h"
#include "app/simulator_feed.h"
#include "store/postgres/bar_change_follower.h"
#include "store/postgres/postgres_bar_repository.h"
#include "store/sqlite/sqlite_bar_repository.h"

namespace strikeline::app {

using namespace std::chrono;

namespace {

// Up to this many simulated underlyings (the index universe) the backfill runs in half-hour slices;
// the whole market (nse-fo) in one-minute slices, its events held at once stay in tens of MB.
constexpr std::size_t kSmallUniverse = 20;
// Day partitions created ahead of today (IST): a Friday's pass reaches Monday.
constexpr int kPartitionDaysAhead = 3;

ChainStoreOptions store_options(const ServeConfig& config) {
  ChainStoreOptions options;
  options.window_days = config.memory_days;
  return options;
}

}  // namespace

ServeParts::ServeParts(const ServeConfig& config, const LogFile* log_file)
    : config_(config),
      log_file_(log_file),
      storage_(open_storage()),
      waits_for_writer_(storage_.sqlite && !storage_.sqlite->holds_writer_lock()),
      handover_since_(floor<seconds>(system_clock::now()) - seconds{2}),
      store_(store_options(config), storage_.days),
      loaded_(load_store()),
      pipeline_(*storage_.repository, store_, pricing(), provenance()),
      failover_(make_failover()),
      feed_(make_feed()),
      kite_(dynamic_cast<KiteFeed*>(feed_.get())),
      stream_(
          config.stream, [this] { return store_.snapshot(); }, *context_.metrics),
      ingest_sink_(pipeline_),
      server_(config.http, context_) {
  if (waits_for_writer_) {
    pipeline_.hold("this server takes over writing once the previous server releases the file");
  }
  context_.iv_convention = std::string(iv_convention_name(config_.iv_convention));
  context_.pricing = pricing_policy(config_.iv_convention, config_.forward);
  context_.snapshot = [this] { return store_.snapshot(); };
  context_.storage_health = [this] {
    RepositoryHealth health = storage_.repository->health();
    if (health.healthy && follower_) health = follower_->health();
    return health;
  };
  context_.startup_checks = [this] {
    std::vector<StartupCheck> checks;
    if (handover_) checks.push_back(handover_->status());
    if (integrity_) checks.push_back(integrity_->status());
    if (warmup_) checks.push_back(warmup_->status());
    return checks;
  };
  context_.feed_status = [this] { return feed_status(); };
  if (config_.replica()) {
    context_.replica_status = [this]() -> std::optional<ReplicaStatus> {
      if (!follower_) return std::nullopt;
      const FollowerStats f = follower_->stats();
      return ReplicaStatus{f.listening, f.on_standby, f.lag_seconds, f.change_seq};
    };
  }
  if (failover_) {
    context_.writer_role = [this]() -> std::optional<WriterRole> { return failover_->status(); };
  }
  // The live stream hears every batch the pipeline makes durable, and a replica's stream the
  // batches its follower applies.
  learn_lots();
  stream_.use_contract_specs(context_.contract_specs);  // the chain channel's tables: as the API's
  stream_.use_pricing_policy(context_.pricing);
  const auto notify_stream = [this](const ApplyStats& applied) { stream_.notify(applied.touched); };
  pipeline_.add_listener(notify_stream);
  if (config_.replica()) {
    FollowerOptions follow;
    follow.newest_applied = loaded_.newest_stored;
    follow.loaded_since = loaded_.load_began;
    follow.applied_change = loaded_.applied_change;
    follow.poll_interval = config_.replica_poll_interval;
    follower_ = follow_writers(storage_, store_, follow, notify_stream);
  }
  if (feed_) runner_ = std::make_unique<FeedRunner>(*feed_, pipeline_);
  if (waits_for_writer_) {
    handover_ =
        std::make_unique<WriterHandover>(storage_.sqlite, store_, pipeline_, handover_since_,
                                         notify_stream, [this] { begin_writing(); });
  }
  if (storage_.sqlite) integrity_ = std::make_unique<IntegrityCheck>(storage_.sqlite);
  warmup_ = std::make_unique<StoreWarmup>(store_);
  register_metrics();
  install_routes();
}

ServeParts::~ServeParts() = default;

BarStorage ServeParts::open_storage() {
  // libpq's, used when the URL has none.
  if (config_.database_password) ::setenv("PGPASSWORD", config_.database_password->c_str(), 1);
  BarStorage storage;
  try {
    storage = open_bar_storage(config_.database, config_.role, config_.handover);
  } catch (const std::exception& e) {
    throw ServeError(std::string("cannot open the database: ") + e.what());
  }
  check_sources(storage);
  if (storage.sqlite && !storage.sqlite->holds_writer_lock()) {
    spdlog::warn(
        "{} is written by {}: serving reads, and taking the file over when it stops "
        "(--handover)",
        storage.sqlite->path(), storage.sqlite->writer_lock_holder());
  }
  return storage;
}

void ServeParts::check_sources(const BarStorage& storage) const {
  // --discard-simulated removes every contract-day only the simulator wrote; the Kite feed is
  // refused over simulated bars of its symbols unless told what to do. HTTP ingest is checked per
  // request (409).
  const SimulatedDataPolicy policy = config_.simulated_policy;
  if (config_.replica() || (policy != SimulatedDataPolicy::discard && !config_.kite)) return;
  if (policy == SimulatedDataPolicy::discard && storage.sqlite &&
      !storage.sqlite->holds_writer_lock()) {
    throw ServeError("--discard-simulated needs to write " + storage.sqlite->path() + ", which " +
                     storage.sqlite->writer_lock_holder() + " writes; stop it first");
  }
  std::set<std::string> concerned;
  if (config_.kite) {
    const auto& names = config_.kite->subscriptions.underlyings;
    concerned.insert(names.begin(), names.end());
  }
  SimulatedDataOutcome outcome;
  try {
    outcome = prepare_for_real_data(
        *storage.repository, *storage.days, policy, [&](const ContractDay& day) {
          return policy == SimulatedDataPolicy::discard || concerned.contains(day.symbol);
        });
  } catch (const std::exception& e) {
    throw ServeError(std::string("cannot check the stored data's sources: ") + e.what());
  }
  if (outcome.refused) throw ServeError(outcome.message);
  if (!outcome.message.empty()) spdlog::warn("{}", outcome.message);
}

AggregatorConfig ServeParts::pricing() const {
  AggregatorConfig config;
  config.iv_convention = config_.iv_convention;
  config.forward = config_.forward;
  return config;
}

ProvenanceOptions ServeParts::provenance() const {
  return {.feed = config_.feed == FeedKind::simulator ? BarSource::simulator : BarSource::market,
          .allow_mixed = config_.simulated_policy == SimulatedDataPolicy::allow_mixed};
}

ServeParts::StoreLoad ServeParts::load_store() {
  // Start-up reads; the database may have gone away since it was opened.
  StoreLoad out;
  try {
    if (config_.replica() && storage_.postgres) {
      // Before the load: the follower goes on from what these say (both before anything loaded).
      out.applied_change = storage_.postgres->newest_change();
      out.load_began = storage_.postgres->database_time();
    }
    const auto started = steady_clock::now();
    // The newest day before serving; the window's older days once the server answers (warmup_).
    const WindowLoadStats loaded = store_.load_window(1);
    if (loaded.days_known == 0) {
      spdlog::info("store: {} holds no bars yet", storage_.description);
    } else {
      spdlog::info("store: loaded {} bars of the newest of {} day(s) from {} in {:.2f} s",
                   loaded.bars_loaded, loaded.days_known, storage_.description,
                   duration<double>(steady_clock::now() - started).count());
    }
    // Futures are few (a bar a minute per listed future): all of them are kept in memory.
    std::vector<FutureBar> futures;
    storage_.repository->scan_futures(UtcSeconds::min(), UtcSeconds::max(),
                                      [&](const FutureBar& bar) { futures.push_back(bar); });
    store_.load_futures(futures);
    spdlog::info("store: loaded {} future bars", futures.size());
    if (auto range = storage_.repository->time_range()) out.newest_stored = range->second;
  } catch (const std::exception& e) {
    throw ServeError(std::string("cannot load the chain store: ") + e.what());
  }
  return out;
}

void ServeParts::learn_lots() {
  ContractSpecs& specs = context_.contract_specs;
  if (config_.market) {
    for (const sim::SimulatedSymbol& s : config_.market->symbols)
      specs.set_symbol(s.symbol, ContractSpec{s.strike_step, s.lot_size});
  }
  std::size_t stored = 0;
  try {
    for (const ContractLot& lot : storage_.repository->contract_lots()) {
      specs.set_lot(lot);
      ++stored;
    }
  } catch (const std::exception& e) {
    throw ServeError(std::string("cannot read the stored lot sizes: ") + e.what());
  }
  if (stored) spdlog::info("store: {} contract lot sizes (per expiry and day)", stored);
  if (!kite_) return;
  const std::vector<ContractLot> listed = kite_->contract_lots(ist_date(context_.current_time()));
  for (const ContractLot& lot : listed) specs.set_lot(lot);
  if (listed.empty() || config_.replica() || waits_for_writer_) return;
  try {
    storage_.repository->record_lots(listed);
  } catch (const std::exception& e) {
    spdlog::warn("kite: the instrument dump's lot sizes were not stored: {}", e.what());
  }
}

std::unique_ptr<WriterFailover> ServeParts::make_failover() {
  if (!config_.fails_over()) return nullptr;
  WriterFailoverOptions options;
  options.lease = config_.writer_lease;
  if (config_.market) {
    for (const sim::SimulatedSymbol& s : config_.market->symbols)
      options.symbols.push_back(s.symbol);
  }
  if (config_.kite) options.symbols = config_.kite->subscriptions.underlyings;
  return std::make_unique<WriterFailover>(storage_.postgres, pipeline_, std::move(options));
}

std::unique_ptr<Feed> ServeParts::make_feed() {
  switch (config_.feed) {
    case FeedKind::simulator: {
      SimulatorFeedOptions options;
      options.market = *config_.market;
      options.history_days = config_.sim_days;
      if (config_.market->symbols.size() > kSmallUniverse) options.backfill_slice = 1min;
      options.newest_stored = [this]() -> std::optional<UtcSeconds> {
        // A successor asks once the predecessor has stopped writing (it wrote on meanwhile).
        if (!waits_for_writer_) return loaded_.newest_stored;
        if (auto range = storage_.repository->time_range()) return range->second;
        return std::nullopt;
      };
      return std::make_unique<SimulatorFeed>(std::move(options));
    }
    case FeedKind::kite: {
      std::string error;
      auto kite = KiteFeed::create(*config_.kite, &error);
      if (!kite) throw ServeError(error);
      return kite;
    }
    case FeedKind::none:
      break;
  }
  return nullptr;
}

FeedStatus ServeParts::feed_status() const {
  if (runner_) return runner_->status();
  FeedStatus status;
  status.source = config_.replica() ? "replica" : std::string(feed_kind_name(config_.feed));
  return status;
}

void ServeParts::register_metrics() {
  ServerMetricSources sources;
  sources.snapshot = context_.snapshot;
  sources.feed_status = context_.feed_status;
  sources.now = [this] { return context_.current_time(); };
  sources.pipeline = &pipeline_;
  sources.store = &store_;
  sources.calendar = config_.calendar;
  sources.writer_role = context_.writer_role;
  sources.kite = [this]() -> std::optional<kite::KiteClientStats> {
    if (!kite_) return std::nullopt;
    return kite_->client_stats();
  };
  if (config_.feed == FeedKind::kite) {
    sources.kite_connections = [this]() -> std::optional<KiteFeed::Connections> {
      if (!kite_) return std::nullopt;
      return kite_->connections();
    };
  }
  if (config_.replica()) {
    sources.follower = [this]() -> std::optional<FollowerStats> {
      if (!follower_) return std::nullopt;
      return follower_->stats();
    };
  }
  register_server_metrics(*context_.metrics, std::move(sources));
}

void ServeParts::install_routes() {
  if (!config_.replica()) {
    ingest_auth_ =
        add_ingest_routes(server_.router(), ingest_sink_, config_.ingest, *context_.metrics);
  }
  server_.on_reload([this] { reload(); });
  stream_.install(server_.router());
  server_.on_stop([this] { stream_.stop(); });
  server_.router().get("/*", static_files_handler(config_.web_root));
  if (!std::filesystem::is_regular_file(std::filesystem::path(config_.web_root) / "index.html")) {
    spdlog::warn("dashboard: {} has no index.html; / answers 503 until scripts/build-web.sh",
                 config_.web_root);
  }
  server_.on_stop([] { notify_stopping("draining connections"); });
  server_.on_stop([this] { on_stop(); });
}

void ServeParts::on_stop() {
  // The drain stops the feed at once (a backfill in progress included) and ends any wait for a
  // predecessor; a SQLite writer's file is released on a worker of its own (end_writing).
  if (runner_) runner_->interrupt();
  if (handover_) handover_->interrupt();
  warmup_->interrupt();
  pending_writes_.interrupt();
  partition_upkeep_.interrupt();
  stopping_ = true;
  writer_release_.wake();
}

void ServeParts::reload() const {
  if (log_file_) log_file_->reopen();
  if (ingest_auth_ && !config_.ingest_token_file.empty()) {
    std::string why;
    if (auto token = read_secret_file(config_.ingest_token_file, "--ingest-token-file", &why)) {
      ingest_auth_->set_token(std::move(*token));
      spdlog::info("ingest token re-read from {}", config_.ingest_token_file);
    } else {
      spdlog::error("{} (the previous token stays in force)", why);
    }
  }
}

void ServeParts::begin_writing() {
  if (runner_) runner_->start();  // does nothing once the stop has begun
}

void ServeParts::end_writing() {
  if (writing_ended_.exchange(true)) return;
  if (handover_) handover_->stop();  // no handover completes from here on
  if (runner_) runner_->stop();      // the feed's last events are written
  pending_writes_.stop();
  pipeline_.hold("this server is stopping; retry on its successor");
  if (storage_.sqlite->holds_writer_lock()) {
    storage_.sqlite->release_writer_lock();
    spdlog::info("released {} for a successor", storage_.sqlite->path());
  }
}

PeriodicWorker::Delay ServeParts::retry_pending_writes() {
  if (pipeline_.pending_bars() > 0) {
    try {
      pipeline_.flush_pending();
      spdlog::info("storage: pending bars written");
    } catch (const std::exception&) {
      // still failing; /health reports the storage
    }
  }
  return seconds{1};
}

PeriodicWorker::Delay ServeParts::keep_partitions() {
  // Writer fail-over: the leader alone keeps the partitions (a follower runs no DDL); a follower
  // looks again shortly, so that it does the pass soon after it takes over.
  if (failover_ && !failover_->status().leader) return seconds{1};
  const Date today = ist_date(floor<seconds>(system_clock::now()));
  try {
    const PartitionUpkeep done =
        storage_.postgres->maintain_partitions(today, today + days{kPartitionDaysAhead});
    if (done.created > 0) {
      spdlog::info("partitions: created {} day partitions (IST days up to {})", done.created,
                   format_date(today + days{kPartitionDaysAhead}));
    }
    std::string names;
    for (const PartitionUpkeep::Dropped& d : done.dropped) {
      names += (names.empty() ? "" : ", ") + d.partition;
    }
    if (!done.dropped.empty()) {
      spdlog::info(
          "partitions: retention {} dropped {} partitions of IST days {} to {} with their "
          "catalogue rows: {}",
          *done.retention, done.dropped.size(), format_date(done.dropped.front().day),
          format_date(done.dropped.back().day), names);
    }
  } catch (const WriteFenced& e) {
    spdlog::info("partitions: upkeep left to the leader ({})", e.what());
    return seconds{1};
  } catch (const std::exception& e) {
    spdlog::warn("partitions: upkeep failed (next attempt in a minute): {}", e.what());
    return minutes{1};
  }
  return hours{1};
}

void ServeParts::serve() {
  // The workers a stop may reach start before the server can hear a signal.
  if (storage_.sqlite && !config_.replica()) {
    writer_release_started_ = true;
    writer_release_.start([this](std::stop_token) -> PeriodicWorker::Delay {
      if (!stopping_.load()) return hours{1};  // until on_stop() wakes it
      end_writing();
      writer_release_.stop();  // from the worker: it ends after this run
      return PeriodicWorker::Delay::zero();
    });
  }
  // Bars a failed write left pending are retried even when nothing else writes (--feed none).
  if (!config_.replica() && !runner_) {
    pending_writes_.start([this](std::stop_token) { return retry_pending_writes(); });
  }
  if (failover_) {
    failover_->try_lead_now();  // a lone writer writes its backfill as the leader
    failover_->start();
  }
  if (storage_.postgres && !config_.replica() && storage_.postgres->partitioned()) {
    partition_upkeep_.start([this](std::stop_token) { return keep_partitions(); });
  }
  if (handover_) handover_->start();
  try {
    server_.start();
  } catch (const std::exception& e) {
    throw ServeError("cannot listen on " + config_.listen + ": " + e.what());
  }
  const std::string where = config_.http.address + ":" + std::to_string(server_.port());
  spdlog::info("strikeline {} serving on {} ({} feed, {})", STRIKELINE_VERSION, where,
               config_.replica() ? "replica" : feed_kind_name(config_.feed),
               config_.shown_database);
  notify_ready("serving on " + where);
  watchdog_.emplace(config_.http.address, server_.port());  // WatchdogSec= of the unit
  if (!handover_) begin_writing();
  if (integrity_) integrity_->start();
  warmup_->start();
  server_.wait();
  warmup_->stop();
  if (follower_) follower_->stop();            // before the stream it notifies goes
  writer_release_.stop();                      // the release has ended, when the stop began
  if (writer_release_started_) end_writing();  // when the server stopped without a signal
  if (handover_) handover_->stop();
  if (runner_) runner_->stop();  // the feed's last events are written (when not yet)
  pending_writes_.stop();
  partition_upkeep_.stop();
  if (failover_) failover_->stop();  // a leader's lease released: a follower takes over at once
}

}  // namespace strikeline::app
