// `strikeline serve`: the server. Opens the bar repository (SQLite by default), loads the chain
// store's window from it, serves the HTTP API, and runs the feed (the built-in market simulator
// when none is configured). SIGTERM/SIGINT drain in-flight requests and stop the feed (a backfill
// in progress included) and give the SQLite file's writer lock up for a successor; SIGHUP reopens
// --log-file and re-reads --ingest-token-file; SIGPIPE is ignored. A SQLite file is checked
// (quick_check) once serving has started.
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "api/http_server.h"
#include "api/ingest/ingest_routes.h"
#include "api/static_files.h"
#include "api/stream/stream_hub.h"
#include "app/bar_storage.h"
#include "app/commands.h"
#include "app/database_url.h"
#include "app/ingest_pipeline.h"
#include "app/integrity_check.h"
#include "app/kite_feed.h"
#include "app/log_output.h"
#include "app/pipeline_ingest_sink.h"
#include "app/secrets.h"
#include "app/server_metrics.h"
#include "app/service_notifier.h"
#include "app/service_watchdog.h"
#include "app/simulated_data_policy.h"
#include "app/simulator_feed.h"
#include "app/writer_handover.h"
#include "core/iv_convention.h"
#include "core/symbol.h"
#include "core/text.h"
#include "store/chain_store.h"
#include "store/postgres/bar_change_follower.h"
#include "store/sqlite/sqlite_bar_repository.h"

namespace strikeline::app {

namespace {

bool server_stopping(std::mutex& mutex, const bool& stop_begun) {
  std::lock_guard lock(mutex);
  return stop_begun;
}

struct ServeArgs {
  std::string listen = "0.0.0.0:8081";
  std::string db = std::string(kDefaultDatabase);
  std::string role = "writer";
  std::string feed = "simulator";
  std::string iv_convention = "strikeline";
  unsigned threads = 0;
  std::size_t memory_days = 5;
  bool access_log = true;
  std::vector<std::string> cors_origins;
  std::string holidays;
  std::string sim_symbols = "NIFTY,BANKNIFTY";
  std::uint64_t sim_seed = 42;
  int sim_days = 2;
  double sim_tick_interval = 60.0;
  bool sim_nse_hours = false;
  KiteFeedArgs kite;
  SimulatedDataFlags simulated_data;
  std::string ingest_token;  // empty: only loopback clients may ingest
  std::string ingest_token_file;
  std::string db_password_file;
  std::size_t ingest_max_bytes = 64 * 1024 * 1024;
  std::size_t ingest_buffer_limit = 256 * 1024 * 1024;
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_client = 256;
  double first_byte_timeout = 10.0;
  std::size_t response_buffer_limit = 32 * 1024 * 1024;
  std::vector<std::string> allowed_hosts;
  bool handover = false;
  std::string log_file;
  double stream_ping_interval = 30.0;
  std::string web_root = STRIKELINE_DEFAULT_WEB_ROOT;  // scripts/build-web.sh builds it
};

int fail(const std::string& message) {
  std::cerr << "strikeline serve: " << message << "\n";
  return 2;
}

bool parse_listen(const std::string& text, ServerConfig& config, std::string* error) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    *error = "--listen must be HOST:PORT, e.g. 0.0.0.0:8081 (got '" + text + "')";
    return false;
  }
  auto port = parse_int64(std::string_view(text).substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) {
    *error = "--listen port must be 0-65535 (got '" + text.substr(colon + 1) + "')";
    return false;
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  config.address = host.empty() ? "0.0.0.0" : host;
  config.port = static_cast<std::uint16_t>(*port);
  return true;
}

std::optional<sim::SimulatorConfig> simulator_config(const ServeArgs& a,
                                                     const SessionCalendar& calendar,
                                                     std::string* error) {
  sim::SimulatorConfig c;
  auto symbols = sim::parse_simulated_symbols(a.sim_symbols, error);
  if (!symbols) {
    *error = "--sim-symbols: " + *error;
    return std::nullopt;
  }
  c.symbols = std::move(*symbols);
  c.seed = a.sim_seed;
  c.option_tick_interval = a.sim_tick_interval;
  c.around_the_clock = !a.sim_nse_hours;
  c.calendar = calendar;
  return c;
}

// Glibc's allocator raises its mmap threshold to the size of every large block freed, after which
// large answers come from the heap and their memory stays with the process once they are sent. A
// fixed threshold keeps every large block in its own mapping, returned to the system when freed.
void return_large_blocks_to_the_system() {
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
}

int run_serve(ServeArgs a) {
  ignore_broken_pipes();
  return_large_blocks_to_the_system();
  std::optional<LogFile> log_file;
  std::string error;
  if (!a.log_file.empty()) {
    log_file = LogFile::open(a.log_file, &error);
    if (!log_file) return fail(error);
  }
  ServerConfig http;
  if (!parse_listen(a.listen, http, &error)) return fail(error);
  http.threads = a.threads;
  http.access_log = a.access_log;
  http.cors_origins = a.cors_origins;
  http.allowed_hosts = a.allowed_hosts;
  http.max_connections = a.max_connections;
  http.max_connections_per_client = a.max_connections_per_client;
  http.first_byte_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(a.first_byte_timeout * 1000.0));
  http.response_buffer_limit = a.response_buffer_limit;
  http.response_buffer_per_client = a.response_buffer_limit / 4;
  http.handle_signals = true;
  // Secrets: from files or the environment; a warning when one is a flag (visible in ps).
  if (!a.ingest_token_file.empty()) {
    if (!a.ingest_token.empty())
      return fail("give --ingest-token or --ingest-token-file, not both");
    auto token = read_secret_file(a.ingest_token_file, "--ingest-token-file", &error);
    if (!token) return fail(error);
    a.ingest_token = std::move(*token);
  } else if (!a.ingest_token.empty() && given_on_command_line("--ingest-token")) {
    warn_secret_flag("--ingest-token", "--ingest-token-file FILE or STRIKELINE_INGEST_TOKEN");
  }
  if (url_has_password(a.db) && given_on_command_line("--db")) {
    warn_secret_flag("a password in --db",
                     "--db-password-file FILE, STRIKELINE_DB, PGPASSWORD or ~/.pgpass");
  }
  if (!a.db_password_file.empty()) {
    auto password = read_secret_file(a.db_password_file, "--db-password-file", &error);
    if (!password) return fail(error);
    ::setenv("PGPASSWORD", password->c_str(), 1);  // libpq's, used when the URL has none
  }
  auto url = parse_database_url(a.db, &error);
  if (!url) return fail(error);
  const auto role = parse_database_role(a.role, &error);
  if (!role) return fail(error);
  // A replica never writes: it runs no feed and serves what the writers store.
  const bool replica = *role == DatabaseRole::replica;
  if (a.feed != "simulator" && a.feed != "none" && a.feed != "kite") {
    return fail("--feed must be simulator, kite or none (got '" + a.feed + "')");
  }
  SessionCalendar calendar;
  if (!a.holidays.empty()) {
    std::ifstream in(a.holidays);
    if (!in) return fail("--holidays: cannot read " + a.holidays);
    std::stringstream text;
    text << in.rdbuf();
    std::set<Date> days;
    if (!SessionCalendar::parse_holidays(text.str(), days, &error)) return fail(error);
    calendar = SessionCalendar(std::move(days));
  }
  std::optional<sim::SimulatorConfig> market;
  if (a.feed == "simulator" && !replica) {
    market = simulator_config(a, calendar, &error);
    if (!market) return fail(error);
  }
  std::optional<KiteFeedOptions> kite_options;
  if (a.feed == "kite" && !replica) {
    kite_options = kite_feed_options(a.kite, &error);
    if (!kite_options) return fail(error);
  }
  const auto simulated_policy = simulated_data_policy(a.simulated_data, &error);
  if (!simulated_policy) return fail(error);
  if (replica && *simulated_policy != SimulatedDataPolicy::refuse) {
    return fail("a replica never writes: --discard-simulated and --allow-mixed are for a writer");
  }
  if (a.feed == "simulator" && *simulated_policy == SimulatedDataPolicy::discard) {
    return fail(
        "--discard-simulated removes the simulator's bars, which --feed simulator writes; "
        "use it with --feed kite or --feed none");
  }
  const std::string shown_db = redact_url(a.db);

  BarStorage storage;
  try {
    storage = open_bar_storage(*url, *role, a.handover);
  } catch (const std::exception& e) {
    return fail(std::string("cannot open the database: ") + e.what());
  }
  const std::shared_ptr<BarRepository> repository = storage.repository;
  // Provenance (issue 25): simulated bars where this writer stores real data. --discard-simulated
  // removes every contract-day only the simulator wrote; the Kite feed is refused over simulated
  // bars of its symbols unless told what to do. HTTP ingest is checked per request (409).
  if (!replica && (*simulated_policy == SimulatedDataPolicy::discard || kite_options)) {
    if (*simulated_policy == SimulatedDataPolicy::discard && storage.sqlite &&
        !storage.sqlite->holds_writer_lock()) {
      return fail("--discard-simulated needs to write " + storage.sqlite->path() + ", which " +
                  storage.sqlite->writer_lock_holder() + " writes; stop it first");
    }
    std::set<std::string> concerned;
    if (kite_options) {
      const auto& names = kite_options->subscriptions.underlyings;
      concerned.insert(names.begin(), names.end());
    }
    try {
      const SimulatedDataOutcome outcome = prepare_for_real_data(
          *repository, *storage.days, *simulated_policy, [&](const ContractDay& day) {
            return *simulated_policy == SimulatedDataPolicy::discard ||
                   concerned.contains(day.symbol);
          });
      if (outcome.refused) return fail(outcome.message);
      if (!outcome.message.empty()) spdlog::warn("{}", outcome.message);
    } catch (const std::exception& e) {
      return fail(std::string("cannot check the stored data's sources: ") + e.what());
    }
  }
  ChainStoreOptions store_options;
  store_options.window_days = a.memory_days;
  ChainStore store(store_options, storage.days);
  // Startup reads; the database may have gone away since it was opened.
  std::optional<UtcSeconds> load_began;     // for a replica's follower (BarChangeFollower)
  std::optional<UtcSeconds> newest_stored;  // the newest 1-minute bucket in the database
  // A successor that does not write the SQLite file yet re-reads what was written from here on.
  const UtcSeconds sqlite_load_began =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) -
      std::chrono::seconds{2};
  const bool waits_for_writer = storage.sqlite && !storage.sqlite->holds_writer_lock();
  if (waits_for_writer) {
    spdlog::warn(
        "{} is written by {}: serving reads, and taking the file over when it stops "
        "(--handover)",
        storage.sqlite->path(), storage.sqlite->writer_lock_holder());
  }
  try {
    if (replica && storage.postgres) load_began = storage.postgres->database_time();
    const auto started = std::chrono::steady_clock::now();
    const WindowLoadStats loaded = store.load_window();
    spdlog::info("store: loaded {} bars of {} days from {} in {:.2f} s", loaded.bars_loaded,
                 loaded.days_loaded, storage.description,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (auto range = repository->time_range()) newest_stored = range->second;
  } catch (const std::exception& e) {
    return fail(std::string("cannot load the chain store: ") + e.what());
  }

  AggregatorConfig pricing_config;
  pricing_config.iv_convention = *parse_iv_convention(a.iv_convention);
  IngestPipeline pipeline(*repository, store, pricing_config,
                          {.feed = market ? BarSource::simulator : BarSource::market,
                           .allow_mixed = *simulated_policy == SimulatedDataPolicy::allow_mixed});
  if (waits_for_writer) {
    pipeline.hold("this server takes over writing once the previous server releases the file");
  }
  std::unique_ptr<SimulatorFeed> simulator;
  auto make_simulator = [&] {
    if (!market) return;
    SimulatorFeedOptions options;
    options.market = *market;
    options.history_days = a.sim_days;
    options.newest_stored = newest_stored;
    if (waits_for_writer) {
      try {  // the predecessor wrote on meanwhile
        if (auto range = repository->time_range()) options.newest_stored = range->second;
      } catch (const std::exception& e) {
        spdlog::error("simulator: cannot read the newest stored minute: {}", e.what());
      }
    }
    simulator = std::make_unique<SimulatorFeed>(std::move(options), pipeline);
  };
  if (!waits_for_writer) make_simulator();
  std::unique_ptr<KiteFeed> kite;
  if (kite_options) {
    kite = KiteFeed::create(std::move(*kite_options), pipeline, &error);
    if (!kite) return fail(error);
  }

  std::unique_ptr<BarChangeFollower> follower;  // a replica's, started once the stream exists
  std::unique_ptr<IntegrityCheck> integrity;
  std::unique_ptr<WriterHandover> handover;
  std::mutex feed_mutex;  // the feeds are started by the handover's thread or this one

  ServiceContext context;
  context.iv_convention = std::string(iv_convention_name(pricing_config.iv_convention));
  context.snapshot = [&store] { return store.snapshot(); };
  context.storage_health = [repository, &follower] {
    RepositoryHealth health = repository->health();
    if (health.healthy && follower) health = follower->health();
    return health;
  };
  context.startup_checks = [&integrity, &handover] {
    std::vector<StartupCheck> checks;
    if (handover) checks.push_back(handover->status());
    if (integrity) checks.push_back(integrity->status());
    return checks;
  };
  context.feed_status = [&simulator, &kite, &a, &feed_mutex, replica] {
    FeedStatus status;
    status.source = replica ? "replica" : a.feed;
    std::lock_guard lock(feed_mutex);
    if (simulator) {
      status.state = simulator->state();
      status.healthy = simulator->healthy();
      status.detail = simulator->detail();
      status.simulated = true;
    } else if (kite) {
      status.state = kite->state();
      status.healthy = kite->healthy();
      status.detail = kite->detail();
    }
    return status;
  };
  // The live stream hears every batch the pipeline makes durable; declared before the server so
  // it outlives the server's threads.
  StreamOptions stream_options;
  stream_options.ping_interval =
      std::chrono::milliseconds(static_cast<std::int64_t>(a.stream_ping_interval * 1000.0));
  StreamHub stream(
      stream_options, [&store] { return store.snapshot(); }, *context.metrics);
  stream.use_contract_specs(context.contract_specs);  // the chain channel's tables: as the API's
  const auto notify_stream = [&stream](const ApplyStats& applied) {
    stream.notify(applied.touched);
  };
  pipeline.add_listener(notify_stream);
  if (replica) {  // a replica's stream hears the batches its follower applies
    follower = follow_writers(storage, store, newest_stored, load_began, notify_stream);
  }
  register_server_metrics(
      *context.metrics,
      {.snapshot = context.snapshot,
       .feed_status = context.feed_status,
       .now = [&context] { return context.current_time(); },
       .pipeline = &pipeline,
       .store = &store,
       .calendar = calendar,
       .kite = [&kite]() -> std::optional<kite::KiteClientStats> {
         if (!kite) return std::nullopt;
         return kite->client_stats();
       },
       .follower = replica ? std::function<std::optional<FollowerStats>()>([&follower] {
         return follower ? std::optional<FollowerStats>(follower->stats()) : std::nullopt;
       })
                           : nullptr});
  PipelineIngestSink ingest_sink(pipeline);
  HttpServer server(http, context);
  std::shared_ptr<IngestAuth> ingest_auth;
  if (!replica) {
    IngestOptions ingest;
    ingest.token = a.ingest_token;
    ingest.max_body_bytes = a.ingest_max_bytes;
    ingest.memory_budget = a.ingest_buffer_limit;
    ingest_auth = add_ingest_routes(server.router(), ingest_sink, ingest, *context.metrics);
  }
  server.on_reload([&a, &log_file, ingest_auth] {
    if (log_file) log_file->reopen();
    if (ingest_auth && !a.ingest_token_file.empty()) {
      std::string why;
      if (auto token = read_secret_file(a.ingest_token_file, "--ingest-token-file", &why)) {
        ingest_auth->set_token(std::move(*token));
        spdlog::info("ingest token re-read from {}", a.ingest_token_file);
      } else {
        spdlog::error("{} (the previous token stays in force)", why);
      }
    }
  });
  stream.install(server.router());
  server.on_stop([&stream] { stream.stop(); });
  server.router().get("/*", static_files_handler(a.web_root));
  if (!std::filesystem::is_regular_file(std::filesystem::path(a.web_root) / "index.html")) {
    spdlog::warn("dashboard: {} has no index.html; / answers 503 until scripts/build-web.sh",
                 a.web_root);
  }
  server.on_stop([] { notify_stopping("draining connections"); });
  // The drain stops the feed at once (a backfill in progress included); the writer lock is given
  // up once the feed and the write in progress have stopped, on a thread of its own (below).
  std::mutex stop_mutex;
  std::condition_variable stop_wake;
  bool stop_begun = false;
  server.on_stop([&] {
    {
      std::lock_guard lock(feed_mutex);
      if (simulator) simulator->interrupt();
    }
    if (handover) handover->interrupt();
    std::lock_guard lock(stop_mutex);
    stop_begun = true;
    stop_wake.notify_all();
  });
  try {
    server.start();
  } catch (const std::exception& e) {
    return fail("cannot listen on " + a.listen + ": " + e.what());
  }
  spdlog::info("strikeline {} serving on {}:{} ({} feed, {})", STRIKELINE_VERSION, http.address,
               server.port(), a.feed, shown_db);
  notify_ready("serving on " + http.address + ":" + std::to_string(server.port()));
  const ServiceWatchdog watchdog(http.address, server.port());  // WatchdogSec= of the unit
  // Releases the SQLite file for a successor as soon as the stop begins and the writes end.
  std::thread release_thread;
  if (storage.sqlite && !replica) {
    release_thread = std::thread([&] {
      {
        std::unique_lock lock(stop_mutex);
        stop_wake.wait(lock, [&] { return stop_begun; });
      }
      {
        std::lock_guard lock(feed_mutex);
        if (simulator) simulator->stop();
        if (kite) kite->stop();
      }
      pipeline.hold("this server is stopping; retry on its successor");
      if (storage.sqlite->holds_writer_lock()) {
        storage.sqlite->release_writer_lock();
        spdlog::info("released {} for a successor", storage.sqlite->path());
      }
    });
  }
  std::thread feed_thread;
  auto start_feeds = [&] {
    std::lock_guard lock(feed_mutex);
    if (server_stopping(stop_mutex, stop_begun)) return;
    if (simulator) {
      feed_thread = std::thread([&] {
        try {
          simulator->backfill(std::chrono::time_point_cast<std::chrono::microseconds>(
              std::chrono::system_clock::now()));
          simulator->start();
        } catch (const std::exception& e) {
          spdlog::error("simulator: backfill failed: {}", e.what());
        }
      });
    }
    if (kite) kite->start();
  };
  if (waits_for_writer) {
    handover = std::make_unique<WriterHandover>(storage.sqlite, store, pipeline, sqlite_load_began,
                                                notify_stream, [&] {
                                                  {
                                                    std::lock_guard lock(feed_mutex);
                                                    make_simulator();
                                                  }
                                                  start_feeds();
                                                });
    handover->start();
  } else {
    start_feeds();
  }
  if (storage.sqlite) {
    integrity = std::make_unique<IntegrityCheck>(storage.sqlite);
    integrity->start();
  }
  // Bars a failed write left pending are retried even when nothing else writes (--feed none).
  std::thread retry_thread([&] {
    std::unique_lock lock(stop_mutex);
    while (!stop_wake.wait_for(lock, std::chrono::seconds{1}, [&] { return stop_begun; })) {
      lock.unlock();
      if (pipeline.pending_bars() > 0) {
        try {
          pipeline.flush_pending();
          spdlog::info("storage: pending bars written");
        } catch (const std::exception&) {
          // still failing; the feed and /health report it
        }
      }
      lock.lock();
    }
  });
  server.wait();
  if (follower) follower->stop();  // before the stream it notifies goes
  retry_thread.join();
  if (release_thread.joinable()) release_thread.join();
  if (handover) handover->stop();
  if (feed_thread.joinable()) feed_thread.join();
  if (simulator) simulator->stop();
  if (kite) kite->stop();
  integrity.reset();
  spdlog::info("strikeline stopped");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto a = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the HTTP API, the stream and the dashboard");
  cmd->add_option("--listen", a->listen, "HOST:PORT to listen on")->capture_default_str();
  cmd->add_option("--db", a->db, "sqlite:PATH or postgres://...")->capture_default_str();
  cmd->add_option("--role", a->role,
                  "writer (stores the feed, migrates the PostgreSQL schema) | replica "
                  "(PostgreSQL only: never writes, follows the writers)")
      ->capture_default_str()
      ->check(CLI::IsMember({"writer", "replica"}));
  cmd->add_option("--feed", a->feed, "simulator | kite | none")->capture_default_str();
  cmd->add_option("--iv-convention", a->iv_convention,
                  "how IV and Greeks are computed from prices: strikeline (calendar seconds to "
                  "15:30 IST, the future as the forward) | nse (as NSE's published IVs: "
                  "Black-Scholes on spot, r = 10 %, q = 0, whole days to expiry, at least 1)")
      ->capture_default_str()
      ->check(CLI::IsMember({"strikeline", "nse"}));
  cmd->add_option("--threads", a->threads, "HTTP worker threads (0: one per core)")
      ->capture_default_str();
  cmd->add_option("--memory-days", a->memory_days, "newest days kept in memory")
      ->capture_default_str();
  cmd->add_option("--access-log", a->access_log, "log every request (true/false)")
      ->capture_default_str();
  cmd->add_option("--cors-origin", a->cors_origins,
                  "origin allowed cross-site (repeatable, * for any)");
  cmd->add_option("--holidays", a->holidays, "file of exchange holidays, one YYYY-MM-DD a line");
  cmd->add_option("--sim-symbols", a->sim_symbols, "simulated underlyings")->capture_default_str();
  cmd->add_option("--sim-seed", a->sim_seed, "simulator seed")->capture_default_str();
  cmd->add_option("--sim-days", a->sim_days, "previous days to backfill")
      ->capture_default_str()
      ->check(CLI::Range(0, 30));
  cmd->add_option("--sim-tick-interval", a->sim_tick_interval,
                  "mean seconds between trades of an at-the-money option")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 3600.0));
  cmd->add_flag("--sim-nse-hours", a->sim_nse_hours, "simulate only NSE hours (09:15-15:30 IST)");
  cmd->add_option("--ingest-token", a->ingest_token,
                  "bearer token required by POST /fo/ingest/* (none: loopback clients "
                  "only)");
  cmd->add_option("--ingest-max-bytes", a->ingest_max_bytes,
                  "largest request body POST /fo/ingest/* accepts (beyond: 413)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 32));
  cmd->add_option("--stream-ping-interval", a->stream_ping_interval,
                  "seconds between {\"type\":\"ping\"} messages on /fo/stream")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 3600.0));
  cmd->add_option("--web-root", a->web_root,
                  "folder of the built dashboard served at / (scripts/build-web.sh)")
      ->capture_default_str();
  add_kite_options(cmd, a->kite);
  add_simulated_data_flags(cmd, a->simulated_data);
  cmd->add_option("--ingest-token-file", a->ingest_token_file,
                  "file holding the ingest token (re-read at SIGHUP); keeps it out of the process "
                  "list");
  cmd->add_option("--db-password-file", a->db_password_file,
                  "file holding the PostgreSQL password (for a --db URL without one)");
  cmd->add_option("--ingest-buffer-limit", a->ingest_buffer_limit,
                  "bytes of decoded ingest data held at once for bodies being read (beyond: 503 "
                  "with Retry-After)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1} << 20, std::size_t{1} << 40));
  cmd->add_option("--max-connections", a->max_connections,
                  "open connections in all (beyond: 503 and closed)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->add_option("--max-connections-per-client", a->max_connections_per_client,
                  "open connections per client address (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}));
  cmd->add_option("--first-byte-timeout", a->first_byte_timeout,
                  "seconds a new connection may stay silent before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0));
  cmd->add_option("--response-buffer-limit", a->response_buffer_limit,
                  "bytes of answers waiting for their clients to read them, in all (a quarter of "
                  "it per client; beyond: 503 with Retry-After)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1} << 20, std::size_t{1} << 40));
  cmd->add_option("--allowed-host", a->allowed_hosts,
                  "Host name answered besides IP addresses and localhost (repeatable; "
                  ".example.com for a domain, * for any): against DNS rebinding");
  cmd->add_flag("--handover", a->handover,
                "when another server writes the SQLite file, serve reads and take the file over "
                "when it stops (zero-downtime restart)");
  cmd->add_option("--log-file", a->log_file,
                  "append the logs to this file instead of stdout/stderr (reopened at SIGHUP)");
  cmd->callback([a] { exit_code() = run_serve(*a); });
}

}  // namespace strikeline::app
