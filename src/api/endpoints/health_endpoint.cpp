// GET /health: 200 {"status":"healthy",...} while the server can serve; 503 "unhealthy" naming the
// failing parts (database = the durable store, chain_store = no snapshot yet, feed = the feed
// reported itself unhealthy, a start-up check that failed: integrity = the database file's
// integrity check); 200 "degraded" while a start-up check is still pending (the integrity check
// running, a successor waiting for the writer lock), with "checks" saying which. A probe that
// throws counts as failing; its text is not shown.
// Provenance (issue 25): "sources" gives, per symbol and expiry served, where the bars came from
// ("market", "simulator", "mixed", "unknown": stored before sources were recorded, read as real)
// and "simulated" (simulator or mixed); the top-level "simulated" is true when any served data is
// simulated or the running feed is the simulator.
// A read replica adds "replica": {"database": "primary"|"standby", "following", "lag_seconds",
// "change_seq"} (ServiceContext::replica_status; lag and number null until the first change).
// Writer fail-over (issue 23): a PostgreSQL writer adds "writer": {"role": "leader"|"follower",
// "term", "id" (its lease holder id), "leader" (the newest term's holder, "" when unknown),
// "takeovers"}; a follower is healthy (200).
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <vector>

#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"

namespace strikeline {

Handler health_handler(ServiceContext& context) {
  const auto started = std::chrono::steady_clock::now();
  return [&context, started](const RequestContext&, HttpResponse& res) {
    std::vector<std::string> failing;
    std::string detail;
    auto note = [&](std::string part, const std::string& why) {
      if (!detail.empty()) detail += "; ";
      detail += part + ": " + why;
      failing.push_back(std::move(part));
    };

    RepositoryHealth storage;
    if (context.storage_health) {
      try {
        storage = context.storage_health();
      } catch (const std::exception& e) {
        spdlog::error("storage health probe threw: {}", e.what());
        storage = {false, "health probe failed"};
      }
    }
    if (!storage.healthy) note("database", storage.detail.empty() ? "unreachable" : storage.detail);

    FeedStatus feed;
    if (context.feed_status) {
      try {
        feed = context.feed_status();
      } catch (const std::exception& e) {
        spdlog::error("feed status probe threw: {}", e.what());
        feed.healthy = false;
        feed.detail = "status probe failed";
      }
    }
    if (!feed.healthy) note("feed", feed.detail.empty() ? feed.state : feed.detail);

    std::vector<StartupCheck> checks;
    if (context.startup_checks) checks = context.startup_checks();
    std::string pending;
    bool database_ok = storage.healthy;
    for (const StartupCheck& c : checks) {
      if (c.state == StartupCheck::State::failed) {
        note(c.name, c.detail);
        if (c.name == "integrity") database_ok = false;  // the file itself is damaged
      }
      if (c.state == StartupCheck::State::pending) {
        if (!pending.empty()) pending += "; ";
        pending += c.name + ": " + c.detail;
      }
    }

    std::optional<ReplicaStatus> replica;
    if (context.replica_status) replica = context.replica_status();

    std::shared_ptr<const ChainReader> snapshot;
    if (context.snapshot) snapshot = context.snapshot();
    std::optional<UtcSeconds> newest;
    std::vector<std::string> symbols;
    std::vector<std::vector<std::pair<Expiry, BarSource>>> sources;  // per symbol
    bool data_simulated = false;
    if (!snapshot) {
      note("chain_store", "not ready");
    } else {
      symbols = snapshot->symbols();
      for (const std::string& s : symbols) {
        auto t = snapshot->newest_bucket(s);
        if (t && (!newest || *t > *newest)) newest = t;
        auto& of_symbol = sources.emplace_back();
        for (Expiry e : snapshot->expiries(s)) {
          const BarSource source = snapshot->source(s, e);
          data_simulated = data_simulated || holds_simulated(source);
          of_symbol.emplace_back(e, source);
        }
      }
    }

    const bool healthy = failing.empty();
    const bool degraded = healthy && !pending.empty();
    const double uptime =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    res.result(healthy ? http::status::ok : http::status::service_unavailable);
    JsonWriter json = start_json(res, 512);
    json.begin_object()
        .field("status", !healthy   ? "unhealthy"
                         : degraded ? "degraded"
                                    : "healthy")
        .field("database", database_ok ? "healthy" : "unhealthy")
        .field("chain_store", snapshot ? "ready" : "not ready")
        .field("version", context.version)
        .field("uptime", std::round(uptime * 1000) / 1000);
    json.key("feed")
        .begin_object()
        .field("source", feed.source)
        .field("state", feed.state)
        .field("healthy", feed.healthy)
        .end_object();
    json.field("simulated", feed.simulated || data_simulated);
    if (context.writer_role) {
      if (const std::optional<WriterRole> role = context.writer_role()) {
        json.key("writer")
            .begin_object()
            .field("role", role->leader ? "leader" : "follower")
            .field("term", role->term)
            .field("id", role->id)
            .field("leader", role->leader_id)
            .field("takeovers", static_cast<std::int64_t>(role->takeovers))
            .end_object();
      }
    }
    json.field("iv_convention", context.iv_convention);
    json.field("pricing_forward", forward_source_name(context.pricing.forward));
    if (replica) {
      json.key("replica")
          .begin_object()
          .field("database", replica->on_standby ? "standby" : "primary")
          .field("following", replica->following);
      json.key("lag_seconds");
      if (replica->lag_seconds) {
        json.number(std::round(*replica->lag_seconds * 1000) / 1000);
      } else {
        json.null();
      }
      json.key("change_seq");
      if (replica->change_seq) {
        json.number(*replica->change_seq);
      } else {
        json.null();
      }
      json.end_object();
    }
    if (!checks.empty()) {
      json.key("checks").begin_object();
      for (const StartupCheck& c : checks) {
        json.field(c.name, c.state == StartupCheck::State::passed   ? "passed"
                           : c.state == StartupCheck::State::failed ? "failed"
                                                                    : "pending");
      }
      json.end_object();
    }
    json.key("newest_bar_time");
    write_time(json, newest);
    json.key("symbols").begin_array();
    for (const std::string& s : symbols) json.string(s);
    json.end_array();
    json.key("sources").begin_object();
    for (std::size_t i = 0; i < sources.size(); ++i) {
      json.key(symbols[i]).begin_object();
      for (const auto& [expiry, source] : sources[i]) {
        json.key(format_date(expiry))
            .begin_object()
            .field("source", bar_source_name(source))
            .field("simulated", holds_simulated(source))
            .end_object();
      }
      json.end_object();
    }
    json.end_object();
    if (degraded) json.field("detail", pending);
    if (!healthy) {
      json.key("failing").begin_array();
      for (const std::string& f : failing) json.string(f);
      json.end_array();
      json.field("detail", detail);
    }
    json.end_object();
  };
}

}  // namespace strikeline
