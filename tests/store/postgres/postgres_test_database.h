// The PostgreSQL tests' fixture: a database of its own per test on the throwaway server that
// with-postgres.sh starts (STRIKELINE_TEST_PG_URL; skipped without it), dropped afterwards, with
// helpers to migrate it, run a query as text and read every stored bar.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_bar_repository.h"
#include "store/postgres/schema_migrations.h"

namespace strikeline {

// A database of its own per test, dropped afterwards.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("STRIKELINE_TEST_PG_URL");
    if (!url || !*url) {
      GTEST_SKIP() << "STRIKELINE_TEST_PG_URL is not set: run under tests/store/postgres/"
                      "with-postgres.sh (ctest does)";
    }
    admin_url_ = url;
    static std::mt19937_64 random{std::random_device{}()};
    name_ = "strikeline_test_" + std::to_string(random() % 1000000000);
    pg::Connection admin(admin_url_);
    admin.exec("CREATE DATABASE " + name_, "creating the test database");
    url_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
  }
  void TearDown() override {
    if (name_.empty()) return;
    try {
      pg::Connection admin(admin_url_);
      admin.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", "dropping the database");
    } catch (const StorageError&) {
    }
  }
  void migrate_up() {
    pg::Connection c(url_);
    pg::SchemaMigrator(c).up();
  }
  // Rows joined by '\n', columns by '|', NULL as "NULL".
  std::string query(const std::string& sql) {
    pg::Connection c(url_);
    pg::Result r = c.exec(sql, "test query");
    std::string out;
    for (int row = 0; row < r.rows(); ++row) {
      for (int col = 0; col < r.columns(); ++col) {
        if (col) out += '|';
        out += r.is_null(row, col) ? "NULL" : std::string(r.text(row, col));
      }
      if (row + 1 < r.rows()) out += '\n';
    }
    return out;
  }
  std::vector<StrikeBar> scan_all(PostgresBarRepository& repository) {
    std::vector<StrikeBar> out;
    repository.scan(UtcSeconds::min(), UtcSeconds::max(),
                    [&](const StrikeBar& b) { out.push_back(b); });
    return out;
  }

  std::string admin_url_, name_, url_;
};

// How many known migrations have a version of `version` or later (rolling them back undoes it).
inline int migrations_from(int version) {
  int n = 0;
  for (const pg::Migration& m : pg::known_migrations()) n += m.version >= version ? 1 : 0;
  return n;
}

}  // namespace strikeline
