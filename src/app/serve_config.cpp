#include "app/serve_config.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "app/pricing_options.h"
#include "app/secrets.h"
#include "core/session_calendar.h"
#include "core/text.h"
#include "feed/simulator/nse_fo_universe.h"

namespace strikeline::app {

namespace {

struct ListenAddress {
  std::string host;
  std::uint16_t port;
};

std::optional<ListenAddress> parse_listen(const std::string& text, std::string* error) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    *error = "--listen must be HOST:PORT, e.g. 0.0.0.0:8081 (got '" + text + "')";
    return std::nullopt;
  }
  auto port = parse_int64(std::string_view(text).substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) {
    *error = "--listen port must be 0-65535 (got '" + text.substr(colon + 1) + "')";
    return std::nullopt;
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return ListenAddress{host.empty() ? "0.0.0.0" : host, static_cast<std::uint16_t>(*port)};
}

std::optional<SessionCalendar> read_calendar(const std::string& holidays, std::string* error) {
  if (holidays.empty()) return SessionCalendar{};
  std::ifstream in(holidays);
  if (!in) {
    *error = "--holidays: cannot read " + holidays;
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto days = SessionCalendar::parse_holidays(text.str(), error);
  if (!days) return std::nullopt;
  return SessionCalendar(std::move(*days));
}

std::optional<sim::SimulatorConfig> simulator_config(const ServeArgs& a,
                                                     const SessionCalendar& calendar,
                                                     std::string* error) {
  sim::SimulatorConfig c;
  const auto universe = sim::parse_simulated_universe(a.sim_universe);
  if (!universe) {
    *error = "--sim-universe must be indices or nse-fo (got '" + a.sim_universe + "')";
    return std::nullopt;
  }
  c.seed = a.sim_seed;
  if (*universe == sim::SimulatedUniverse::nse_fo) {
    if (a.sim_symbols != ServeArgs{}.sim_symbols) {
      *error = "--sim-symbols is for --sim-universe indices: nse-fo simulates its own underlyings";
      return std::nullopt;
    }
    sim::use_nse_fo_universe(c);
  } else {
    auto symbols = sim::parse_simulated_symbols(a.sim_symbols, error);
    if (!symbols) {
      *error = "--sim-symbols: " + *error;
      return std::nullopt;
    }
    c.symbols = std::move(*symbols);
  }
  c.option_tick_interval =
      a.sim_tick_interval > 0 ? a.sim_tick_interval : sim::default_option_tick_interval(*universe);
  // The whole market simulates NSE hours only: around the clock it would hold about 3.8 times
  // the bars (README.md, "The whole market").
  c.around_the_clock = !a.sim_nse_hours && *universe == sim::SimulatedUniverse::indices;
  c.calendar = calendar;
  return c;
}

// The previous days `serve --sim-universe nse-fo` backfills at most: with today's session that is
// the chain store's 5-day window, and 5 whole-market sessions were measured to hold about 5 GB of
// RSS (README.md, "The whole market"); more would keep older days in the history cache as well.
constexpr int kMostNseFoDays = 4;

ServerConfig http_config(const ServeArgs& a) {
  ServerConfig http = a.http;
  http.first_byte_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(a.first_byte_timeout * 1000.0));
  http.response_buffer_per_client = http.response_buffer_limit / 4;
  http.handle_signals = true;
  return http;
}

// Secrets: from files or the environment; a warning when one is a flag (visible in ps).
bool read_secrets(const ServeArgs& a, ServeConfig& c, std::string* error) {
  c.ingest.token = a.ingest_token;
  c.ingest_token_file = a.ingest_token_file;
  if (!a.ingest_token_file.empty()) {
    if (!a.ingest_token.empty()) {
      *error = "give --ingest-token or --ingest-token-file, not both";
      return false;
    }
    auto token = read_secret_file(a.ingest_token_file, "--ingest-token-file", error);
    if (!token) return false;
    c.ingest.token = std::move(*token);
  } else if (!a.ingest_token.empty() && given_on_command_line("--ingest-token")) {
    warn_secret_flag("--ingest-token", "--ingest-token-file FILE or STRIKELINE_INGEST_TOKEN");
  }
  if (url_has_password(a.db) && given_on_command_line("--db")) {
    warn_secret_flag("a password in --db",
                     "--db-password-file FILE, STRIKELINE_DB, PGPASSWORD or ~/.pgpass");
  }
  if (!a.db_password_file.empty()) {
    c.database_password = read_secret_file(a.db_password_file, "--db-password-file", error);
    if (!c.database_password) return false;
  }
  return true;
}

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out << seconds;
  return out.str();
}

// --writer-lease and --writer-lease-renew: for PostgreSQL writers, renewed at least twice a lease.
bool check_writer_lease(const ServeArgs& a, ServeConfig& c, std::string* error) {
  const bool given =
      given_on_command_line("--writer-lease") || given_on_command_line("--writer-lease-renew");
  if (given && !c.fails_over()) {
    *error =
        "--writer-lease and --writer-lease-renew are for --role writer on --db postgres://... "
        "(writer fail-over)";
    return false;
  }
  if (!(a.writer_lease_renew * 2 <= a.writer_lease)) {
    *error = "--writer-lease-renew must be at most half of --writer-lease (got " +
             seconds_text(a.writer_lease_renew) + " s and " + seconds_text(a.writer_lease) + " s)";
    return false;
  }
  c.writer_lease.duration =
      std::chrono::milliseconds(static_cast<std::int64_t>(a.writer_lease * 1000.0));
  c.writer_lease.renew_interval =
      std::chrono::milliseconds(static_cast<std::int64_t>(a.writer_lease_renew * 1000.0));
  return true;
}

}  // namespace

std::optional<ServeConfig> check_serve_args(const ServeArgs& a, std::string* error) {
  ServeConfig c;
  c.listen = a.listen;
  const auto listen = parse_listen(a.listen, error);
  if (!listen) return std::nullopt;
  c.http = http_config(a);
  c.http.address = listen->host;
  c.http.port = listen->port;
  if (!read_secrets(a, c, error)) return std::nullopt;
  auto url = parse_database_url(a.db, error);
  if (!url) return std::nullopt;
  c.database = std::move(*url);
  c.shown_database = redact_url(a.db);
  const auto role = parse_database_role(a.role, error);
  if (!role) return std::nullopt;
  c.role = *role;
  c.handover = a.handover;
  if (!check_writer_lease(a, c, error)) return std::nullopt;
  const auto feed = parse_feed_kind(a.feed);
  if (!feed) {
    *error = "--feed must be simulator, kite or none (got '" + a.feed + "')";
    return std::nullopt;
  }
  c.feed = c.replica() ? FeedKind::none : *feed;
  const auto convention = parse_iv_convention(a.iv_convention);
  if (!convention) {
    *error = "--iv-convention must be strikeline or nse (got '" + a.iv_convention + "')";
    return std::nullopt;
  }
  c.iv_convention = *convention;
  const auto forward = parse_forward_checked(a.forward, c.iv_convention, error);
  if (!forward) return std::nullopt;
  c.forward = *forward;
  auto calendar = read_calendar(a.holidays, error);
  if (!calendar) return std::nullopt;
  c.calendar = std::move(*calendar);
  if (c.feed == FeedKind::simulator) {
    c.market = simulator_config(a, c.calendar, error);
    if (!c.market) return std::nullopt;
    const bool whole_market = a.sim_universe == "nse-fo";
    c.sim_days = a.sim_days >= 0 ? a.sim_days : (whole_market ? 0 : 2);
    if (whole_market && c.sim_days > kMostNseFoDays) {
      *error = "--sim-days " + std::to_string(c.sim_days) +
               " with --sim-universe nse-fo: at most " + std::to_string(kMostNseFoDays) +
               " (with today's session, the 5 days the chain store holds in memory: about 5 GB "
               "of RSS for the whole market; see README.md, \"The whole market\")";
      return std::nullopt;
    }
  }
  if (c.feed == FeedKind::kite) {
    c.kite = kite_feed_options(a.kite, error);
    if (!c.kite) return std::nullopt;
  }
  const auto policy = simulated_data_policy(a.simulated_data, error);
  if (!policy) return std::nullopt;
  c.simulated_policy = *policy;
  if (c.replica() && c.simulated_policy != SimulatedDataPolicy::refuse) {
    *error = "a replica never writes: --discard-simulated and --allow-mixed are for a writer";
    return std::nullopt;
  }
  if (c.feed == FeedKind::simulator && c.simulated_policy == SimulatedDataPolicy::discard) {
    *error =
        "--discard-simulated removes the simulator's bars, which --feed simulator writes; "
        "use it with --feed kite or --feed none";
    return std::nullopt;
  }
  c.memory_days = a.memory_days;
  c.ingest.max_body_bytes = a.ingest_max_bytes;
  c.ingest.memory_budget = a.ingest_buffer_limit;
  c.stream.ping_interval =
      std::chrono::milliseconds(static_cast<std::int64_t>(a.stream_ping_interval * 1000.0));
  if (!(a.replica_poll_interval >= 0.01 && a.replica_poll_interval <= 60.0)) {
    std::ostringstream got;
    got << a.replica_poll_interval;
    *error = "--replica-poll-interval must be 0.01 to 60 seconds (got " + got.str() + ")";
    return std::nullopt;
  }
  c.replica_poll_interval =
      std::chrono::milliseconds(std::llround(a.replica_poll_interval * 1000.0));
  c.web_root = a.web_root;
  return c;
}

}  // namespace strikeline::app
