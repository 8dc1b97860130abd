// `strikeline serve`'s flags (ServeArgs, as given) and what they mean once checked (ServeConfig):
// every flag is parsed and validated here, once, so the parts of the server (app/serve_parts.h)
// receive typed values (the listen address and the HTTP limits, the database and its role, the
// feed as a FeedKind, the calendar, the simulator's or Kite's settings, the ingest token read from
// its file). Secrets given as flags are warned about here (visible in the process list).
// check_serve_args returns nullopt with a message naming what is accepted; `serve` prints it and
// exits 2.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/ingest/ingest_routes.h"
#include "api/server_config.h"
#include "api/stream/stream_options.h"
#include "app/bar_storage.h"
#include "app/database_url.h"
#include "app/feed.h"
#include "app/kite_feed.h"
#include "app/simulated_data_policy.h"
#include "core/forward_source.h"
#include "core/iv_convention.h"
#include "core/session_calendar.h"
#include "feed/simulator/simulator_config.h"
#include "store/postgres/writer_lease.h"

namespace strikeline::app {

struct ServeArgs {
  std::string listen = "0.0.0.0:8081";
  std::string db = std::string(kDefaultDatabase);
  std::string role = "writer";
  std::string feed = "simulator";
  std::string iv_convention = "strikeline";
  std::string forward = "future";
  // --threads, --access-log, --cors-origin, --allowed-host, --max-connections,
  // --max-connections-per-client, --response-buffer-limit
  ServerConfig http;
  std::size_t memory_days = 5;
  std::string holidays;
  std::string sim_universe = "indices";  // indices | nse-fo
  std::string sim_symbols = "NIFTY,BANKNIFTY";
  std::uint64_t sim_seed = 42;
  int sim_days = -1;             // -1: the universe's default (2 for indices, 0 for nse-fo)
  double sim_tick_interval = 0;  // 0: the universe's default
  bool sim_nse_hours = false;
  KiteFeedArgs kite;
  SimulatedDataFlags simulated_data;
  std::string ingest_token;  // empty: only loopback clients may ingest
  std::string ingest_token_file;
  std::string db_password_file;
  std::size_t ingest_max_bytes = 64 * 1024 * 1024;
  std::size_t ingest_buffer_limit = 256 * 1024 * 1024;
  double first_byte_timeout = 10.0;
  bool handover = false;
  double writer_lease = 5.0;        // seconds (PostgreSQL writers' fail-over)
  double writer_lease_renew = 1.0;  // seconds
  std::string log_file;
  double stream_ping_interval = 30.0;
  double replica_poll_interval = 0.2;                  // seconds
  std::string web_root = STRIKELINE_DEFAULT_WEB_ROOT;  // scripts/build-web.sh builds it
};

struct ServeConfig {
  std::string listen;  // as given, for messages
  ServerConfig http;
  std::string shown_database;  // --db without its password, for the start-up line
  DatabaseUrl database;
  std::optional<std::string> database_password;  // --db-password-file's, for libpq (PGPASSWORD)
  DatabaseRole role = DatabaseRole::writer;
  bool handover = false;  // --handover: wait for the SQLite file's writer to release it
  // A PostgreSQL writer's lease (writer fail-over: --writer-lease, --writer-lease-renew).
  pg::WriterLeaseOptions writer_lease;
  // The feed to run: FeedKind::none for a replica (it never writes) whatever --feed says.
  FeedKind feed = FeedKind::simulator;
  IvConvention iv_convention = IvConvention::strikeline;  // how the write path prices
  ForwardSource forward = ForwardSource::future;          // on which forward (--forward)
  SessionCalendar calendar;                               // --holidays
  std::optional<sim::SimulatorConfig> market;             // with FeedKind::simulator
  int sim_days = 2;
  std::optional<KiteFeedOptions> kite;  // with FeedKind::kite
  // What a writer of real data does about simulated bars stored for the same contracts (issue 25).
  SimulatedDataPolicy simulated_policy = SimulatedDataPolicy::refuse;
  std::size_t memory_days = 5;
  IngestOptions ingest;           // the token read from --ingest-token-file when given
  std::string ingest_token_file;  // re-read at SIGHUP
  StreamOptions stream;
  // How often a replica on a hot standby reads the change log (--replica-poll-interval).
  std::chrono::milliseconds replica_poll_interval{200};
  std::string web_root;

  bool replica() const { return role == DatabaseRole::replica; }
  // Several writers may share the database: one leads (app/writer_failover.h).
  bool fails_over() const {
    return role == DatabaseRole::writer && database.kind == DatabaseUrl::Kind::postgres;
  }
};

[[nodiscard]] std::optional<ServeConfig> check_serve_args(const ServeArgs& args,
                                                          std::string* error);

}  // namespace strikeline::app
