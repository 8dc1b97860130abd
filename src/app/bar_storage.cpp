#include "app/bar_storage.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "store/postgres/bar_change_follower.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_bar_repository.h"
#include "store/postgres/schema_migrations.h"
#include "store/sqlite/sqlite_bar_repository.h"

namespace strikeline::app {

std::optional<DatabaseRole> parse_database_role(std::string_view text, std::string* error) {
  if (text == "writer") return DatabaseRole::writer;
  if (text == "replica") return DatabaseRole::replica;
  if (error) *error = "--role must be writer or replica (got '" + std::string(text) + "')";
  return std::nullopt;
}

BarStorage open_bar_storage(const DatabaseUrl& url, DatabaseRole role, bool handover) {
  BarStorage storage;
  if (url.kind == DatabaseUrl::Kind::sqlite) {
    if (role == DatabaseRole::replica) {
      throw StorageError(
          "--role replica needs --db postgres://...: replicas share a PostgreSQL database");
    }
    const std::filesystem::path path(url.location);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    auto sqlite = std::make_shared<SqliteBarRepository>(
        url.location, handover ? WriterLockPolicy::wait_for_it : WriterLockPolicy::require);
    storage.repository = sqlite;
    storage.sqlite = sqlite;
    storage.days = sqlite;
    storage.description = "SQLite file " + url.location;
    return storage;
  }
  {
    pg::Connection connection(url.location);
    pg::SchemaMigrator migrator(connection);
    if (role == DatabaseRole::writer) {
      for (const pg::Migration& m : migrator.up()) {
        spdlog::info("database: applied migrations/{}", m.up_file);
      }
    } else {
      migrator.require_current();
    }
  }
  auto postgres =
      std::make_shared<PostgresBarRepository>(url.location, role == DatabaseRole::replica);
  storage.repository = postgres;
  storage.days = postgres;
  storage.postgres = postgres;
  storage.description = "PostgreSQL " + postgres->server() +
                        (role == DatabaseRole::replica ? " (read replica)" : " (writer)");
  return storage;
}

std::unique_ptr<BarChangeFollower> follow_writers(
    const BarStorage& storage, ChainStore& store, const FollowerOptions& options,
    std::function<void(const ApplyStats&)> on_applied) {
  if (!storage.postgres) return nullptr;
  auto follower = std::make_unique<BarChangeFollower>(*storage.postgres, store, options);
  follower->on_applied(std::move(on_applied));
  follower->start();
  return follower;
}

}  // namespace strikeline::app
