// The change log of the bar tables on PostgreSQL (migrations/015, DESIGN.md "Scale-out"): every
// write of bars appends one row in its own transaction, with a commit-ordered sequence number and
// the bucket range written, so that a reader can follow the writers by sequence number alone. It
// is how a replica on a hot standby (which receives no NOTIFY) keeps current, and how a replica on
// the primary catches up after a reconnection (store/postgres/bar_change_follower.h).
//
// Why no number is ever skipped: the append is the last statement of the write transaction, and it
// takes its number by updating the single row of fo_bar_change_counter. That row stays locked
// until COMMIT, so a second writer's append waits until the first has committed (or rolled back,
// which returns the number) and then takes the next one. Numbers are thus given in commit order
// with no gaps: a reader that sees N (on the primary, or on a standby, which replays commits in
// the primary's order) sees every number below N, and a poll of `seq > last seen` never passes
// over a transaction that commits late. (A bigserial would not do: a transaction that drew 10 may
// commit after a reader saw 11.)
// What it costs the writer: concurrent writers (a serve writer and an import, say) serialise only
// from their append to their COMMIT, i.e. for the commit's flush, not for the bars' upserts and
// rollups before it; a single writer pays one indexed insert and one single-row update per batch.
//
// Pruning: the writer deletes the rows older than kChangeRetention (7 days, far above any
// replica's catch-up: a replica away longer, or one whose position is otherwise no longer in the
// log, catches up the old way, see bar_change_follower.h), at most once per kPruneEvery, in a write
// transaction. The counter row is never deleted, so numbers keep rising after a prune.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/timestamp.h"
#include "store/postgres/pg_connection.h"

namespace strikeline::pg {

inline constexpr std::chrono::hours kChangeRetention{24 * 7};
inline constexpr std::chrono::minutes kPruneEvery{10};

// One committed write: the 1-minute buckets [first_bucket, last_bucket] it touched.
struct BarChange {
  std::int64_t seq = 0;
  UtcSeconds first_bucket{}, last_bucket{};
  // Seconds from the writer's clock just before its COMMIT (committed_at) to the reader's query,
  // both the database's clocks (on a standby: the primary's against the standby's).
  double age_seconds = 0;
};

// Where the log stands: the newest number given (the counter; 0 before the first write) and the
// oldest still stored (nullopt when pruning left none).
struct ChangeLogPosition {
  std::int64_t newest = 0;
  std::optional<std::int64_t> oldest;
};

// Appends, in the caller's open write transaction, the change of buckets [first, last] (epoch
// seconds, first <= last); returns its number. Must be the transaction's last statement before
// COMMIT (the counter's row lock is held until then).
std::int64_t append_change(Connection& connection, std::int64_t first, std::int64_t last,
                           std::string_view doing);
// Deletes the changes committed more than `retention` ago (database clock); returns how many.
std::int64_t prune_changes(Connection& connection, std::chrono::seconds retention,
                           std::string_view doing);
// The changes after `after`, ascending by number, at most `limit` (the primary key's index: the
// cost is that of the rows returned, whatever the log's size).
std::vector<BarChange> changes_after(Connection& connection, std::int64_t after, int limit,
                                     std::string_view doing);
ChangeLogPosition change_log_position(Connection& connection, std::string_view doing);

}  // namespace strikeline::pg
