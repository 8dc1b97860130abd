// `strikeline serve`: the server. Opens the bar repository (SQLite by default), loads the chain
// store's window from it, serves the HTTP API, and runs the feed (the built-in market simulator
// when none is configured). SIGTERM/SIGINT drain in-flight requests and stop the feed.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
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
#include "app/kite_feed.h"
#include "app/pipeline_ingest_sink.h"
#include "app/server_metrics.h"
#include "app/service_notifier.h"
#include "app/service_watchdog.h"
#include "app/simulator_feed.h"
#include "core/symbol.h"
#include "core/text.h"
#include "store/chain_store.h"
#include "store/postgres/bar_change_follower.h"

namespace strikeline::app {

namespace {

struct ServeArgs {
  std::string listen = "0.0.0.0:8081";
  std::string db = std::string(kDefaultDatabase);
  std::string role = "writer";
  std::string feed = "simulator";
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
  std::string ingest_token;  // empty: only loopback clients may ingest
  std::size_t ingest_max_bytes = 64 * 1024 * 1024;
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

int run_serve(const ServeArgs& a) {
  ServerConfig http;
  std::string error;
  if (!parse_listen(a.listen, http, &error)) return fail(error);
  http.threads = a.threads;
  http.access_log = a.access_log;
  http.cors_origins = a.cors_origins;
  http.handle_signals = true;
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

  BarStorage storage;
  try {
    storage = open_bar_storage(*url, *role);
  } catch (const std::exception& e) {
    return fail(std::string("cannot open the database: ") + e.what());
  }
  const std::shared_ptr<BarRepository> repository = storage.repository;
  ChainStoreOptions store_options;
  store_options.window_days = a.memory_days;
  ChainStore store(store_options, storage.days);
  // Startup reads; the database may have gone away since it was opened.
  std::optional<UtcSeconds> load_began;     // for a replica's follower (BarChangeFollower)
  std::optional<UtcSeconds> newest_stored;  // the newest 1-minute bucket in the database
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

  IngestPipeline pipeline(*repository, store);
  std::unique_ptr<SimulatorFeed> simulator;
  if (market) {
    SimulatorFeedOptions options;
    options.market = *market;
    options.history_days = a.sim_days;
    options.newest_stored = newest_stored;
    simulator = std::make_unique<SimulatorFeed>(std::move(options), pipeline);
  }
  std::unique_ptr<KiteFeed> kite;
  if (kite_options) {
    kite = KiteFeed::create(std::move(*kite_options), pipeline, &error);
    if (!kite) return fail(error);
  }

  std::unique_ptr<BarChangeFollower> follower;  // a replica's, started once the stream exists

  ServiceContext context;
  context.snapshot = [&store] { return store.snapshot(); };
  context.storage_health = [repository, &follower] {
    RepositoryHealth health = repository->health();
    if (health.healthy && follower) health = follower->health();
    return health;
  };
  context.feed_status = [&simulator, &kite, &a, replica] {
    FeedStatus status;
    status.source = replica ? "replica" : a.feed;
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
  if (!replica) {
    IngestOptions ingest;
    ingest.token = a.ingest_token;
    ingest.max_body_bytes = a.ingest_max_bytes;
    add_ingest_routes(server.router(), ingest_sink, ingest, *context.metrics);
  }
  stream.install(server.router());
  server.on_stop([&stream] { stream.stop(); });
  server.router().get("/*", static_files_handler(a.web_root));
  if (!std::filesystem::is_regular_file(std::filesystem::path(a.web_root) / "index.html")) {
    spdlog::warn("dashboard: {} has no index.html; / answers 503 until scripts/build-web.sh",
                 a.web_root);
  }
  server.on_stop([] { notify_stopping("draining connections"); });
  try {
    server.start();
  } catch (const std::exception& e) {
    return fail("cannot listen on " + a.listen + ": " + e.what());
  }
  spdlog::info("strikeline {} serving on {}:{} ({} feed, {})", STRIKELINE_VERSION, http.address,
               server.port(), a.feed, a.db);
  notify_ready("serving on " + http.address + ":" + std::to_string(server.port()));
  const ServiceWatchdog watchdog(http.address, server.port());  // WatchdogSec= of the unit
  std::thread feed_thread;
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
  server.wait();
  if (follower) follower->stop();  // before the stream it notifies goes
  if (feed_thread.joinable()) feed_thread.join();
  if (simulator) simulator->stop();
  if (kite) kite->stop();
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
  cmd->callback([a] { exit_code() = run_serve(*a); });
}

}  // namespace strikeline::app
