// Opening the bar log that --db names, for the commands that read or write bars (serve, import):
// a SQLite file (created when missing) or a PostgreSQL database in a role. A writer brings the
// PostgreSQL schema up to date first (store/postgres/schema_migrations.h); a replica never
// changes the database: it requires the schema to be current, refuses writes, and follows the
// writers' change log into its chain store, on the primary or a hot standby
// (store/postgres/bar_change_follower.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/database_url.h"
#include "store/bar_repository.h"
#include "store/chain_store.h"
#include "store/day_source.h"

namespace strikeline {
class PostgresBarRepository;
class BarChangeFollower;
struct FollowerOptions;
class SqliteBarRepository;
enum class WriterLockPolicy;
}  // namespace strikeline

namespace strikeline::app {

enum class DatabaseRole { writer, replica };

// "writer" or "replica"; nullopt with *error naming what is accepted.
[[nodiscard]] std::optional<DatabaseRole> parse_database_role(std::string_view text,
                                                              std::string* error);

struct BarStorage {
  std::shared_ptr<BarRepository> repository;
  std::shared_ptr<DaySource> days;  // the same object, as the chain store's history source
  std::shared_ptr<PostgresBarRepository> postgres;  // null for SQLite
  std::shared_ptr<SqliteBarRepository> sqlite;      // null for PostgreSQL
  std::string description;  // "SQLite file PATH" / "PostgreSQL host:port/db"
};

// Throws (StorageError, std::filesystem errors) with a message fit for the operator. A replica of
// a SQLite file is refused (several processes share PostgreSQL, not a file); a SQLite file another
// process writes is refused too, unless `handover` (then it opens for reading, and the caller
// takes the writer lock when it is released: app/writer_handover.h).
BarStorage open_bar_storage(const DatabaseUrl& url, DatabaseRole role, bool handover = false);

// A replica's follower of the writers' new bars, started (null for SQLite); `options` say where the
// store's load left off and how often a hot standby is polled (BarChangeFollower), `on_applied`
// hears every batch it applies (on the follower's thread).
std::unique_ptr<BarChangeFollower> follow_writers(
    const BarStorage& storage, ChainStore& store, const FollowerOptions& options,
    std::function<void(const ApplyStats&)> on_applied);

}  // namespace strikeline::app
