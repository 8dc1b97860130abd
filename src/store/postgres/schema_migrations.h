// The PostgreSQL schema's migrations: the numbered SQL files of migrations/ (migration_files.h),
// applied and rolled back in order, recorded in the table schema_migrations (version, name,
// applied_at). A version is the file's number prefix; its up file is NNN_<name>.sql and its down
// file NNN_rollback_<...>.sql (gaps between numbers are allowed: 013 keeps the runbook's number).
// Each migration runs in one transaction with its schema_migrations row, so it is applied whole or
// not at all; a session advisory lock makes concurrent runners (several writers starting at once)
// take turns. Failures throw StorageError naming the file and the server's reason.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/pg_connection.h"

namespace strikeline::pg {

struct Migration {
  int version = 0;
  std::string name;       // "create_fo_enriched_views"
  std::string up_file;    // "013_create_fo_enriched_views.sql"
  std::string down_file;  // "013_rollback_fo_enriched_views.sql"
  std::string_view up_sql, down_sql;
};

// The embedded migrations, ascending by version. Throws std::logic_error when the embedded files
// are not well-formed pairs (a build defect, caught by the tests).
const std::vector<Migration>& known_migrations();

struct MigrationState {
  int version = 0;
  std::string name;
  std::optional<std::string> applied_at;  // UTC text; nullopt when pending
};

class SchemaMigrator {
 public:
  explicit SchemaMigrator(Connection& connection) : connection_(connection) {}

  // Every known version (applied or pending), plus versions the database has that this build
  // does not know (name "(unknown to this strikeline)"), ascending.
  std::vector<MigrationState> status();
  // Applies every pending migration in ascending order; returns those applied now.
  std::vector<Migration> up();
  // Rolls back the `steps` newest applied migrations, newest first; returns those rolled back.
  // Throws when one of them is unknown to this build (nothing is rolled back then).
  std::vector<Migration> down(int steps);
  // Throws StorageError naming the missing versions unless every known migration is applied
  // (a read replica never changes the schema; it asks for `strikeline migrate up`).
  void require_current();

 private:
  std::vector<int> applied_versions();
  void ensure_table();
  Connection& connection_;
};

}  // namespace strikeline::pg
