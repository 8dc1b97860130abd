// BarChangeFollower: keeps a read replica's chain store current with what writers commit
// (DESIGN.md "Scale-out"). It LISTENs on bar_statements' kBarsChannel on a connection of its own;
// every writer NOTIFYs the bucket range of each committed batch, and the follower reads the
// 1-minute bars of that range back from the repository and applies them, with the futures' bars of
// the range (notifications arriving together are merged into one read). The socket is polled every
// 100 ms, so a replica is current well within a second of the writer's COMMIT.
//
// Outages: when the connection breaks the follower reconnects (the repository's backoff applies to
// its reads), and after every (re)connection it catches up by re-reading from `catch_up` before
// the newest bucket it applied (default 1 hour). It also re-reads every day whose catalogue row
// (fo_bar_days.updated_at, the database's clock) changed since `catch_up` before it last began
// listening, or on its first connection before the store's load began (`loaded_since`): a
// backfill of an old day committed while nobody listened, which no notification announced, is
// applied too. `catch_up` is thus also the margin for a writer's transaction that began before
// that moment and committed later. Re-applying a bar is idempotent.
// After applying bars it reads back the sources of their days (fo_bar_days.source) into the chain
// store (ChainStore::record_sources), so a replica tells simulated data apart as its writer does.
// Errors are logged and retried, never thrown.
// Every batch applied is also handed to the on_applied listener (the live stream's hub), so that
// clients of a replica see new buckets as clients of the writer do.
// Lag: for each notification, the follower reads (on the database's clock, before reading the
// bars) how long ago the newest write it can see began, fo_bar_days.updated_at being the start of
// the writer's transaction, and adds the time it then took to apply the notified bars. The figure
// over-estimates the time from the writer's COMMIT by the writer's transaction time; catch-up
// reads after an outage are not measured (an outage shows as not listening instead).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/mutex.h"
#include "core/periodic_worker.h"
#include "store/chain_store.h"
#include "store/postgres/postgres_bar_repository.h"

namespace strikeline {

namespace pg {
class Connection;
}

struct FollowerStats {
  std::uint64_t notifications = 0;
  std::uint64_t bars_applied = 0;
  std::uint64_t future_bars_applied = 0;
  std::uint64_t reconnects = 0;
  bool listening = false;
  // Seconds from the newest writer transaction's start to the replica's having applied the bars
  // of the last notification; nullopt before the first.
  std::optional<double> lag_seconds;
};

class BarChangeFollower {
 public:
  // `newest_applied`: the newest bucket already in the store (the follower catches up from there).
  // `loaded_since`: the database's time (PostgresBarRepository::database_time) taken before the
  // store's load began; without it, older days written between the load and the first connection
  // are not re-read.
  BarChangeFollower(PostgresBarRepository& repository, ChainStore& store,
                    std::optional<UtcSeconds> newest_applied,
                    std::optional<UtcSeconds> loaded_since = std::nullopt,
                    std::chrono::seconds catch_up = std::chrono::hours{1});
  ~BarChangeFollower();
  BarChangeFollower(const BarChangeFollower&) = delete;
  BarChangeFollower& operator=(const BarChangeFollower&) = delete;

  // Called on the follower's thread after each batch it applies to the store. Set before start().
  using AppliedListener = std::function<void(const ApplyStats&)>;
  void on_applied(AppliedListener listener) { on_applied_ = std::move(listener); }

  void start();
  void stop();
  FollowerStats stats() const;
  // Unhealthy, with the reason, while not listening after a failure (the replica may be stale).
  RepositoryHealth health() const;

 private:
  // One round on the worker: (re)connects and catches up when needed, then waits up to the poll
  // interval for notifications and applies what they announce; after a failure, the wait before
  // the next attempt (100 ms doubling to 5 s).
  PeriodicWorker::Delay follow();
  void apply_range(UtcSeconds from, UtcSeconds to);
  // Applies the bars before `before` of the days changed at or after `changed_since`.
  void catch_up_changed_days(UtcSeconds changed_since, UtcSeconds before);

  PostgresBarRepository& repository_;
  ChainStore& store_;
  // The worker's own (before start() and after stop(): the caller's).
  std::optional<UtcSeconds> newest_;
  std::chrono::seconds catch_up_;
  // Database time when listening last began (before that: when the store's load began).
  std::optional<UtcSeconds> listened_since_;
  std::unique_ptr<pg::Connection> listener_;
  std::chrono::milliseconds retry_{100};
  bool failed_ = false;  // since the last successful connection (logged once)
  // Read by other threads.
  std::atomic<std::uint64_t> notifications_{0}, bars_applied_{0}, future_bars_applied_{0},
      reconnects_{0};
  std::atomic<bool> listening_{false}, failing_{false};
  std::atomic<double> lag_seconds_{-1};  // negative: not measured yet
  mutable Mutex error_mutex_;            // guards last_error_
  std::string last_error_ GUARDED_BY(error_mutex_);
  AppliedListener on_applied_;
  PeriodicWorker worker_;  // last: stopped before the members it uses go
};

}  // namespace strikeline
