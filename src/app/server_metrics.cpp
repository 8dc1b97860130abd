#include "app/server_metrics.h"

#include <algorithm>
#include <cassert>

namespace strikeline::app {

void register_server_metrics(MetricsRegistry& registry, ServerMetricSources sources) {
  assert(sources.snapshot && sources.feed_status && sources.now && sources.pipeline &&
         sources.store);
  auto s = std::make_shared<const ServerMetricSources>(std::move(sources));

  registry.gauge_family("strikeline_feed_state",
                        "The market feed's state (1 on the current state's series).", [s] {
                          const FeedStatus f = s->feed_status();
                          return SampledSeries{{{{"source", f.source}, {"state", f.state}}, 1.0}};
                        });
  registry.gauge_function("strikeline_feed_healthy",
                          "1 while the market feed is healthy (as GET /health reports it).",
                          [s] { return s->feed_status().healthy ? 1.0 : 0.0; });
  registry.counter_family(
      "strikeline_ticks_received_total",
      "Market events (option ticks and underlying prices) aggregated by the write path: the "
      "feed's and HTTP ingest's.",
      [s] {
        return SampledSeries{{{}, static_cast<double>(s->pipeline->stats().events)}};
      });
  registry.counter_family(
      "strikeline_bars_written_total", "1-minute bars made durable by the write path.", [s] {
        return SampledSeries{{{}, static_cast<double>(s->pipeline->stats().bars_written)}};
      });
  registry.counter_family(
      "strikeline_db_write_errors_total",
      "Writes of bars to the database that failed (the bars stay pending and are retried).", [s] {
        return SampledSeries{{{}, static_cast<double>(s->pipeline->stats().failed_writes)}};
      });
  registry.gauge_function("strikeline_db_pending_bars",
                          "Bars waiting to be written after a failed write.",
                          [s] { return static_cast<double>(s->pipeline->pending_bars()); });
  registry.gauge_function(
      "strikeline_aggregator_row_minutes",
      "Minutes the bar aggregator holds for late ticks (about one IST day of the strike rows that "
      "traded: the others end their day when a new one begins).",
      [s] { return static_cast<double>(s->pipeline->aggregator_held().row_minutes); });
  registry.counter_family(
      "strikeline_stored_points_missing_oi_total",
      "1-minute strike bars made durable with a side that has data but missing or zero open "
      "interest, by symbol (the write path's count; fo_oi_zero_count_total counts points served).",
      [s] {
        SampledSeries out;
        for (const auto& [symbol, n] : s->pipeline->stats().stored_missing_oi) {
          out.push_back({{{"symbol", symbol}}, static_cast<double>(n)});
        }
        return out;
      });
  registry.gauge_family(
      "strikeline_newest_bar_age_seconds",
      "Seconds from the start of the newest 1-minute bar in the chain store to now, by symbol.",
      [s] {
        SampledSeries out;
        const auto chain = s->snapshot();
        if (!chain) return out;
        const UtcSeconds now = floor_seconds(s->now());
        for (const std::string& symbol : chain->symbols()) {
          if (const auto newest = chain->newest_bucket(symbol)) {
            out.push_back({{{"symbol", symbol}},
                           static_cast<double>(epoch_seconds(now) - epoch_seconds(*newest))});
          }
        }
        return out;
      });
  registry.gauge_function(
      "strikeline_market_open",
      "1 during the NSE session (09:15-15:30 IST on trading days, the server's holidays "
      "excluded), else 0.",
      [s] { return s->calendar.in_session(s->now()) ? 1.0 : 0.0; });
  registry.gauge_function("strikeline_store_memory_bytes",
                          "Heap bytes of the chain store's current version (its own accounting).",
                          [s] { return static_cast<double>(s->store->memory().heap_bytes); });
  registry.gauge_function("strikeline_store_days_in_memory",
                          "IST days whose bars the chain store holds in memory (the window).",
                          [s] { return static_cast<double>(s->store->memory().resident_days); });
  registry.gauge_function("strikeline_store_bars_in_memory",
                          "1-minute bars the chain store holds in memory (the window).",
                          [s] { return static_cast<double>(s->store->memory().one_minute_bars); });
  const auto kite = [s]() -> kite::KiteClientStats {
    if (!s->kite) return {};
    return s->kite().value_or(kite::KiteClientStats{});
  };
  registry.counter_family(
      "strikeline_kite_reconnects_total",
      "Connections to the Kite ticker after each connection's first (0 without --feed kite).",
      [kite] {
        const auto k = kite();
        return SampledSeries{{{}, static_cast<double>(k.reconnects)}};
      });
  registry.counter_family("strikeline_kite_connection_failures_total",
                          "Connection attempts to the Kite ticker refused, lost or timed out.",
                          [kite] {
                            return SampledSeries{{{}, static_cast<double>(kite().failed_attempts)}};
                          });
  registry.counter_family("strikeline_kite_packets_total",
                          "Instrument packets received from the Kite ticker.", [kite] {
                            return SampledSeries{{{}, static_cast<double>(kite().packets)}};
                          });
  if (s->kite_connections) {
    registry.gauge_family(
        "strikeline_kite_connections",
        "Kite ticker connections by state: open, or all (3 per API key at most).", [s] {
          const auto c = s->kite_connections();
          if (!c) return SampledSeries{};
          return SampledSeries{{{{"state", "open"}}, static_cast<double>(c->open)},
                               {{{"state", "all"}}, static_cast<double>(c->total)}};
        });
    registry.gauge_family(
        "strikeline_kite_instruments",
        "Planned Kite instruments: subscribed on a connection, or waiting for room (the keys' "
        "connections are full).",
        [s] {
          const auto c = s->kite_connections();
          if (!c) return SampledSeries{};
          return SampledSeries{{{{"state", "subscribed"}}, static_cast<double>(c->subscribed)},
                               {{{"state", "waiting"}}, static_cast<double>(c->waiting)}};
        });
  }
  if (s->writer_role) {
    registry.gauge_function(
        "strikeline_writer_leader",
        "1 while this writer leads (holds the writer lease and writes), 0 while "
        "it follows (writer fail-over).",
        [s] {
          const auto r = s->writer_role();
          return r && r->leader ? 1.0 : 0.0;
        });
    registry.gauge_function("strikeline_writer_term",
                            "The writer lease term this writer leads, or the newest it has seen.",
                            [s] {
                              const auto r = s->writer_role();
                              return r ? static_cast<double>(r->term) : 0.0;
                            });
    registry.counter_family(
        "strikeline_writer_takeovers_total",
        "Writer lease terms this writer took (its start as the leader "
        "included): a takeover after another leader's lease expired.",
        [s] {
          const auto r = s->writer_role();
          return SampledSeries{{{}, r ? static_cast<double>(r->takeovers) : 0.0}};
        });
  }
  if (s->follower) {
    registry.gauge_function("strikeline_replica_listening",
                            "1 while the replica follows the writers (LISTENing on the primary, "
                            "polling the change log on a hot standby).",
                            [s] {
                              const auto f = s->follower();
                              return f && f->listening ? 1.0 : 0.0;
                            });
    registry.gauge_function("strikeline_replica_on_standby",
                            "1 when the replica's database is a hot standby (the change log is "
                            "polled), 0 on the primary (LISTEN/NOTIFY).",
                            [s] {
                              const auto f = s->follower();
                              return f && f->on_standby ? 1.0 : 0.0;
                            });
    registry.gauge_family(
        "strikeline_replica_lag_seconds",
        "Seconds from the commit of the oldest change a replica applied in its last read of the "
        "change log (fo_bar_changes.committed_at, the writer's database clock) to its having "
        "applied it (absent until the first).",
        [s] {
          const auto f = s->follower();
          if (!f || !f->lag_seconds) return SampledSeries{};
          return SampledSeries{{{}, *f->lag_seconds}};
        });
    registry.counter_family(
        "strikeline_replica_window_catch_ups_total",
        "Catch-ups by re-reading the newest hour and the changed days, because the change log "
        "no longer held the replica's position (pruned, or a new database).",
        [s] {
          const auto f = s->follower();
          return SampledSeries{{{}, f ? static_cast<double>(f->window_catch_ups) : 0.0}};
        });
  }
}

}  // namespace strikeline::app
