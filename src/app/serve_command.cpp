// `strikeline serve`: the server. Opens the bar repository (SQLite by default), loads the chain
// store's window from it, serves the HTTP API, and runs the feed (the built-in market simulator
// when none is configured). SIGTERM/SIGINT drain in-flight requests and stop the feed (a backfill
// in progress included) and give the SQLite file's writer lock up for a successor; SIGHUP reopens
// --log-file and re-reads --ingest-token-file; SIGPIPE is ignored. A SQLite file is checked
// (quick_check) once serving has started. The flags are checked once (app/serve_config.h); the
// server is its parts (app/serve_parts.h).
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"
#include "app/log_output.h"
#include "app/serve_config.h"
#include "app/serve_parts.h"

namespace strikeline::app {

namespace {

int fail(const std::string& message) {
  std::cerr << "strikeline serve: " << message << "\n";
  return 2;
}

// Glibc's allocator raises its mmap threshold to the size of every large block freed, after which
// large answers come from the heap and their memory stays with the process once they are sent. A
// fixed threshold keeps every large block in its own mapping, returned to the system when freed.
void return_large_blocks_to_the_system() {
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
}

int run_serve(const ServeArgs& args) {
  ignore_broken_pipes();
  return_large_blocks_to_the_system();
  std::string error;
  std::optional<LogFile> log_file;  // first: every later message goes there
  if (!args.log_file.empty()) {
    log_file = LogFile::open(args.log_file, &error);
    if (!log_file) return fail(error);
  }
  const std::optional<ServeConfig> config = check_serve_args(args, &error);
  if (!config) return fail(error);
  try {
    ServeParts parts(*config, log_file ? &*log_file : nullptr);
    parts.serve();
  } catch (const ServeError& e) {
    return fail(e.what());
  }
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
  add_iv_convention_option(cmd, a->iv_convention);
  add_forward_option(cmd, a->forward);
  cmd->add_option("--threads", a->http.threads, "HTTP worker threads (0: one per core)")
      ->capture_default_str();
  cmd->add_option("--memory-days", a->memory_days, "newest days kept in memory")
      ->capture_default_str();
  cmd->add_option("--access-log", a->http.access_log, "log every request (true/false)")
      ->capture_default_str();
  cmd->add_option("--cors-origin", a->http.cors_origins,
                  "origin allowed cross-site (repeatable, * for any)");
  cmd->add_option("--holidays", a->holidays, "file of exchange holidays, one YYYY-MM-DD a line");
  cmd->add_option("--sim-universe", a->sim_universe,
                  "indices (the --sim-symbols) | nse-fo (every NSE F&O underlying)")
      ->capture_default_str()
      ->check(CLI::IsMember({"indices", "nse-fo"}));
  cmd->add_option("--sim-symbols", a->sim_symbols, "simulated underlyings (--sim-universe indices)")
      ->capture_default_str();
  cmd->add_option("--sim-seed", a->sim_seed, "simulator seed")->capture_default_str();
  cmd->add_option("--sim-days", a->sim_days,
                  "previous days to backfill (default: 2 for indices, 0 for nse-fo; at most 4 "
                  "for nse-fo)")
      ->check(CLI::Range(0, 30));
  cmd->add_option("--sim-tick-interval", a->sim_tick_interval,
                  "mean seconds between trades of an at-the-money option (default: 60 for "
                  "indices, 1 for nse-fo)")
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
  cmd->add_option("--replica-poll-interval", a->replica_poll_interval,
                  "seconds between a replica's reads of the change log on a hot standby (on the "
                  "primary it is told by NOTIFY)")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 60.0));
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
  cmd->add_option("--max-connections", a->http.max_connections,
                  "open connections in all (beyond: 503 and closed)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  cmd->add_option("--max-connections-per-client", a->http.max_connections_per_client,
                  "open connections per client address (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}));
  cmd->add_option("--first-byte-timeout", a->first_byte_timeout,
                  "seconds a new connection may stay silent before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0));
  cmd->add_option("--response-buffer-limit", a->http.response_buffer_limit,
                  "bytes of answers waiting for their clients to read them, in all (a quarter of "
                  "it per client; beyond: 503 with Retry-After)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1} << 20, std::size_t{1} << 40));
  cmd->add_option("--allowed-host", a->http.allowed_hosts,
                  "Host name answered besides IP addresses and localhost (repeatable; "
                  ".example.com for a domain, * for any): against DNS rebinding");
  cmd->add_flag("--handover", a->handover,
                "when another server writes the SQLite file, serve reads and take the file over "
                "when it stops (zero-downtime restart)");
  cmd->add_option("--writer-lease", a->writer_lease,
                  "seconds a PostgreSQL writer's lease lasts after its last renewal: when the "
                  "leader dies, a follower takes over once it has expired (writer fail-over)")
      ->capture_default_str()
      ->check(CLI::Range(0.2, 600.0));
  cmd->add_option("--writer-lease-renew", a->writer_lease_renew,
                  "seconds between the leader's renewals of its lease and the followers' attempts "
                  "to take it (at most half of --writer-lease)")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 300.0));
  cmd->add_option("--log-file", a->log_file,
                  "append the logs to this file instead of stdout/stderr (reopened at SIGHUP)");
  cmd->callback([a] { exit_code() = run_serve(*a); });
}

}  // namespace strikeline::app
