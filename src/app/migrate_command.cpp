// `strikeline migrate up | down [N] | status --db postgres://...`: applies the pending PostgreSQL
// migrations (migrations/*.sql, embedded in the binary), rolls back the N newest (default 1), or
// lists every migration with the time it was applied. Exit status 0 on success, 1 when the
// database refuses, 2 for bad arguments.
#include <iostream>

#include "app/commands.h"
#include "app/database_url.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/schema_migrations.h"

namespace strikeline::app {

namespace {

struct MigrateArgs {
  std::string action;
  int steps = 0;  // 0: not given
  std::string db;
};

int run_migrate(const MigrateArgs& a) {
  auto fail = [](const std::string& message, int status) {
    std::cerr << "strikeline migrate: " << message << "\n";
    return status;
  };
  if (a.db.empty()) return fail("--db postgres://USER@HOST:PORT/DB is required", 2);
  std::string error;
  auto url = parse_database_url(a.db, &error);
  if (!url) return fail(error, 2);
  if (url->kind != DatabaseUrl::Kind::postgres) {
    return fail(
        "migrations are for PostgreSQL (--db postgres://...); a SQLite file migrates "
        "itself when opened",
        2);
  }
  if (a.steps != 0 && a.action != "down") return fail("a count is accepted only by 'down N'", 2);
  try {
    pg::Connection connection(url->location);
    pg::SchemaMigrator migrator(connection);
    const std::string server = pg::describe_server(url->location);
    if (a.action == "up") {
      const auto applied = migrator.up();
      for (const pg::Migration& m : applied) std::cout << "applied " << m.up_file << "\n";
      std::cout << server << ": "
                << (applied.empty() ? "already up to date"
                                    : std::to_string(applied.size()) + " migrations applied")
                << "\n";
    } else if (a.action == "down") {
      const auto rolled = migrator.down(a.steps == 0 ? 1 : a.steps);
      for (const pg::Migration& m : rolled) std::cout << "rolled back " << m.down_file << "\n";
      std::cout << server << ": "
                << (rolled.empty() ? "nothing to roll back"
                                   : std::to_string(rolled.size()) + " migrations rolled back")
                << "\n";
    } else {
      for (const pg::MigrationState& s : migrator.status()) {
        char version[16];
        std::snprintf(version, sizeof version, "%03d", s.version);
        std::cout << version << "  " << s.name << "  "
                  << (s.applied_at ? "applied " + *s.applied_at + " UTC" : std::string("pending"))
                  << "\n";
      }
    }
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
  return 0;
}

}  // namespace

void add_migrate_command(CLI::App& app) {
  auto a = std::make_shared<MigrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "migrate", "Apply (up), roll back (down [N]) or list (status) the PostgreSQL migrations");
  cmd->add_option("action", a->action, "up | down | status")
      ->required()
      ->check(CLI::IsMember({"up", "down", "status"}));
  cmd->add_option("steps", a->steps, "down: how many of the newest migrations to roll back (1)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--db", a->db, "postgres://USER@HOST:PORT/DB");
  cmd->callback([a] { exit_code() = run_migrate(*a); });
}

}  // namespace strikeline::app
