// BarChangeFollower: keeps a read replica's chain store current with what writers commit
// (DESIGN.md "Scale-out"). Every write appends one entry to the change log in its transaction
// (bar_change_log.h: a commit-ordered, gapless sequence number and the bucket range written); the
// follower reads the entries after the last one it applied, reads the 1-minute bars and the
// futures' bars of their ranges back from the repository (entries whose ranges overlap or adjoin
// merged into one read), applies them, and records the number. Because the numbers are given in
// commit order without gaps, reading `seq > last applied` never skips a write, however late it
// commits.
//
// When to read: on its own connection the follower asks the server `pg_is_in_recovery()`.
//  - On the primary it LISTENs on bar_statements' kBarsChannel (every write NOTIFYs at COMMIT) and
//    reads the log when a notification arrives (the socket is watched in 100 ms waits).
//  - On a hot standby (which delivers no NOTIFY) it polls the log every `poll_interval` (200 ms by
//    default, serve's --replica-poll-interval); a poll that finds nothing new costs one lookup in
//    the log's primary key, whatever the size of the market or the log.
//
// Outages (a standby or primary restart, a broken connection): the follower reconnects (100 ms
// doubling to 5 s; the repository's backoff applies to its reads) and resumes from the number it
// last applied. When that number is no longer in the log (pruned: a replica away longer than the
// log's retention; or no number known, `applied_change` not given; or a log renumbered from a
// lower counter, a new database), it catches up the old way instead: it re-reads from `catch_up`
// (1 hour) before the newest bucket it applied, and every day whose catalogue row
// (fo_bar_days.updated_at, the database's clock) changed since `catch_up` before it last began
// following (or, the first time, before the store's load began: `loaded_since`), then follows the
// log from the newest number read before those reads. Re-applying a bar is idempotent.
// After applying bars it reads back the sources of their days (fo_bar_days.source) into the chain
// store (ChainStore::record_sources), so a replica tells simulated data apart as its writer does.
// Errors are logged and retried, never thrown.
// Every batch applied is also handed to the on_applied listener (the live stream's hub), so that
// clients of a replica see new buckets as clients of the writer do.
//
// Lag: for the entries of each read, the seconds from the oldest entry's committed_at (the
// writer's database clock just before its COMMIT) to the read (the replica's database's clock),
// plus the time it then took to apply them. It over-states the time from the COMMIT by the
// COMMIT's own duration (the flush, a synchronous standby's acknowledgement) and includes the
// wait for the next poll; with the standby on another machine, the two servers' clock difference
// adds to it or subtracts from it. It is measured when something is applied: while the writers
// write nothing, or while a standby has stopped replaying (see pg_stat_replication), it keeps its
// last value. Catch-ups by the old window are not measured.
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

struct FollowerOptions {
  // The newest bucket already in the store (the old way's catch-up starts there).
  std::optional<UtcSeconds> newest_applied;
  // The database's time (PostgresBarRepository::database_time) taken before the store's load
  // began, for the old way's catch-up.
  std::optional<UtcSeconds> loaded_since;
  // The change log's number (PostgresBarRepository::newest_change) read before the store's load
  // began: the follower applies the entries after it. Without it, the first catch-up is the old
  // way's.
  std::optional<std::int64_t> applied_change;
  // How often a follower on a hot standby reads the log (must be positive).
  std::chrono::milliseconds poll_interval{200};
  std::chrono::seconds catch_up{std::chrono::hours{1}};
};

struct FollowerStats {
  std::uint64_t notifications = 0;
  std::uint64_t changes_applied = 0;  // change log entries
  std::uint64_t bars_applied = 0;
  std::uint64_t future_bars_applied = 0;
  std::uint64_t reconnects = 0;
  std::uint64_t window_catch_ups = 0;  // the old way's (the log did not cover the gap)
  bool listening = false;              // following: LISTENing on the primary, or polling a standby
  bool on_standby = false;  // the server is a hot standby (polled); false: the primary (LISTEN)
  std::optional<std::int64_t> change_seq;  // the newest change log number applied
  // Seconds from the commit of the oldest change of the last read to its having been applied
  // (see the header comment); nullopt before the first.
  std::optional<double> lag_seconds;
};

class BarChangeFollower {
 public:
  BarChangeFollower(PostgresBarRepository& repository, ChainStore& store,
                    FollowerOptions options = {});
  ~BarChangeFollower();
  BarChangeFollower(const BarChangeFollower&) = delete;
  BarChangeFollower& operator=(const BarChangeFollower&) = delete;

  // Called on the follower's thread after each batch it applies to the store. Set before start().
  using AppliedListener = std::function<void(const ApplyStats&)>;
  void on_applied(AppliedListener listener) { on_applied_ = std::move(listener); }

  void start();
  void stop();
  FollowerStats stats() const;
  // Unhealthy, with the reason, while not following after a failure (the replica may be stale).
  RepositoryHealth health() const;

 private:
  // One round on the worker: (re)connects and catches up when needed, then waits for
  // notifications (primary) or reads the log (standby) and applies what is new; after a failure,
  // the wait before the next attempt (100 ms doubling to 5 s).
  PeriodicWorker::Delay follow();
  void connect_and_catch_up();
  // Applies the log's entries after last_seq_ (at most one read's worth); true when there may be
  // more. A gap in the numbers (the log pruned past last_seq_) falls back to catch_up_by_window.
  bool apply_new_changes();
  // The old way: the newest catch_up_ of buckets and the days changed since listened_since_;
  // `newest_number`: the log's number read before, from which the follower then goes on.
  void catch_up_by_window(std::int64_t newest_number);
  void apply_range(UtcSeconds from, UtcSeconds to);
  // Applies the bars before `before` of the days changed at or after `changed_since`.
  void catch_up_changed_days(UtcSeconds changed_since, UtcSeconds before);

  PostgresBarRepository& repository_;
  ChainStore& store_;
  // The worker's own (before start() and after stop(): the caller's).
  std::optional<UtcSeconds> newest_;
  std::optional<std::int64_t> last_seq_;
  std::chrono::milliseconds poll_interval_;
  std::chrono::seconds catch_up_;
  // Database time when following last began (before that: when the store's load began).
  std::optional<UtcSeconds> listened_since_;
  std::unique_ptr<pg::Connection> connection_;
  bool standby_ = false;
  std::chrono::milliseconds retry_{100};
  bool failed_ = false;  // since the last successful connection (logged once)
  // Read by other threads.
  std::atomic<std::uint64_t> notifications_{0}, changes_applied_{0}, bars_applied_{0},
      future_bars_applied_{0}, reconnects_{0}, window_catch_ups_{0};
  std::atomic<bool> listening_{false}, failing_{false}, on_standby_{false};
  std::atomic<std::int64_t> change_seq_{-1};  // negative: none applied yet
  std::atomic<double> lag_seconds_{-1};       // negative: not measured yet
  mutable Mutex error_mutex_;                 // guards last_error_
  std::string last_error_ GUARDED_BY(error_mutex_);
  AppliedListener on_applied_;
  PeriodicWorker worker_;  // last: stopped before the members it uses go
};

}  // namespace strikeline
