#include "store/postgres/schema_migrations.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>

#include "store/postgres/migration_files.h"

namespace strikeline::pg {

namespace {

// pg_advisory_lock key shared by every strikeline migrating a database ("strk" in ASCII).
constexpr const char* kLockSql = "SELECT pg_advisory_lock(1937011307)";
constexpr const char* kUnlockSql = "SELECT pg_advisory_unlock(1937011307)";

class AdvisoryLock {
 public:
  explicit AdvisoryLock(Connection& connection) : connection_(connection) {
    connection_.exec(kLockSql, "waiting for the migration lock");
  }
  ~AdvisoryLock() {
    try {
      if (connection_.ok()) connection_.exec(kUnlockSql, "releasing the migration lock");
    } catch (const StorageError&) {
      // Session locks end with the session anyway.
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  Connection& connection_;
};

std::vector<Migration> pair_files() {
  std::map<int, Migration> by_version;
  for (const MigrationFile& file : migration_files()) {
    const std::string_view name = file.file_name;
    int version = 0;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
    if (ec != std::errc{} || end == name.data() || *end != '_' || !name.ends_with(".sql")) {
      throw std::logic_error("migration file name must be NNN_name.sql: " + std::string(name));
    }
    const std::string_view rest =
        name.substr(static_cast<std::size_t>(end - name.data()) + 1,
                    name.size() - static_cast<std::size_t>(end - name.data()) - 5);
    Migration& m = by_version[version];
    m.version = version;
    if (rest.starts_with("rollback_")) {
      if (!m.down_file.empty()) throw std::logic_error("two rollback files for " + m.down_file);
      m.down_file = name;
      m.down_sql = file.sql;
    } else {
      if (!m.up_file.empty()) throw std::logic_error("two up files for " + m.up_file);
      m.up_file = name;
      m.up_sql = file.sql;
      m.name = rest;
    }
  }
  std::vector<Migration> out;
  for (auto& [version, m] : by_version) {
    if (m.up_file.empty() || m.down_file.empty()) {
      throw std::logic_error("migration " + std::to_string(version) +
                             " needs both an up file and a rollback file");
    }
    out.push_back(std::move(m));
  }
  return out;
}

const Migration* find(int version) {
  for (const Migration& m : known_migrations()) {
    if (m.version == version) return &m;
  }
  return nullptr;
}

}  // namespace

const std::vector<Migration>& known_migrations() {
  static const std::vector<Migration> migrations = pair_files();
  return migrations;
}

void SchemaMigrator::ensure_table() {
  connection_.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT "
      "NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      "creating schema_migrations");
}

std::vector<int> SchemaMigrator::applied_versions() {
  Result exists = connection_.exec("SELECT to_regclass('schema_migrations') IS NOT NULL",
                                   "looking for schema_migrations");
  if (exists.text(0, 0) != "t") return {};
  Result rows = connection_.exec("SELECT version FROM schema_migrations ORDER BY version",
                                 "reading schema_migrations");
  std::vector<int> out;
  for (int r = 0; r < rows.rows(); ++r) {
    const std::string_view text = rows.text(r, 0);
    int v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    out.push_back(v);
  }
  return out;
}

std::vector<MigrationState> SchemaMigrator::status() {
  std::map<int, MigrationState> states;
  for (const Migration& m : known_migrations()) states[m.version] = {m.version, m.name, {}};
  Result exists = connection_.exec("SELECT to_regclass('schema_migrations') IS NOT NULL",
                                   "looking for schema_migrations");
  if (exists.text(0, 0) == "t") {
    Result rows = connection_.exec(
        "SELECT version, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
        "FROM schema_migrations ORDER BY version",
        "reading schema_migrations");
    for (int r = 0; r < rows.rows(); ++r) {
      const std::string_view text = rows.text(r, 0);
      int v = 0;
      std::from_chars(text.data(), text.data() + text.size(), v);
      auto [it, inserted] =
          states.try_emplace(v, MigrationState{v, "(unknown to this strikeline)", {}});
      it->second.applied_at = std::string(rows.text(r, 1));
    }
  }
  std::vector<MigrationState> out;
  for (auto& [v, s] : states) out.push_back(std::move(s));
  return out;
}

std::vector<Migration> SchemaMigrator::up() {
  AdvisoryLock lock(connection_);
  ensure_table();
  const std::vector<int> applied = applied_versions();
  std::vector<Migration> done;
  for (const Migration& m : known_migrations()) {
    if (std::find(applied.begin(), applied.end(), m.version) != applied.end()) continue;
    const std::string doing = "applying migrations/" + m.up_file;
    connection_.exec("BEGIN", doing);
    try {
      connection_.exec(m.up_sql, doing);
      const std::string version = std::to_string(m.version);
      const char* params[] = {version.c_str(), m.name.c_str()};
      connection_.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                              params, doing);
      connection_.exec("COMMIT", doing);
    } catch (...) {
      connection_.rollback_quietly();
      throw;
    }
    done.push_back(m);
  }
  return done;
}

std::vector<Migration> SchemaMigrator::down(int steps) {
  AdvisoryLock lock(connection_);
  std::vector<int> applied = applied_versions();
  std::vector<const Migration*> plan;
  for (auto it = applied.rbegin(); it != applied.rend() && static_cast<int>(plan.size()) < steps;
       ++it) {
    const Migration* m = find(*it);
    if (!m) {
      throw StorageError("schema version " + std::to_string(*it) +
                         " was applied by a newer strikeline; roll it back with that version");
    }
    plan.push_back(m);
  }
  std::vector<Migration> done;
  for (const Migration* m : plan) {
    const std::string doing = "rolling back with migrations/" + m->down_file;
    connection_.exec("BEGIN", doing);
    try {
      connection_.exec(m->down_sql, doing);
      const std::string version = std::to_string(m->version);
      const char* params[] = {version.c_str()};
      connection_.exec_params("DELETE FROM schema_migrations WHERE version = $1", params, doing);
      connection_.exec("COMMIT", doing);
    } catch (...) {
      connection_.rollback_quietly();
      throw;
    }
    done.push_back(*m);
  }
  return done;
}

void SchemaMigrator::require_current() {
  const std::vector<int> applied = applied_versions();
  std::string missing;
  for (const Migration& m : known_migrations()) {
    if (std::find(applied.begin(), applied.end(), m.version) == applied.end()) {
      if (!missing.empty()) missing += ", ";
      missing += m.up_file;
    }
  }
  if (!missing.empty()) {
    throw StorageError("the database schema is not current (pending: " + missing +
                       "); run `strikeline migrate up --db ...` with a writer's credentials");
  }
}

}  // namespace strikeline::pg
