// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement. Every failure
// becomes a StorageError whose message says what was being done and SQLite's reason. A connection
// is used by one thread at a time (the repository serialises access); statements must not outlive
// their connection.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/bar_repository.h"

struct sqlite3;
struct sqlite3_stmt;

namespace strikeline::sqlite {

class Connection {
 public:
  // Opens (creating if missing) a database file. Throws StorageError when it cannot be opened.
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // Runs one or more statements without results.
  void exec(std::string_view sql, std::string_view doing);
  // Runs a statement whose first row's first column is an integer (a PRAGMA read).
  std::int64_t query_int(std::string_view sql, std::string_view doing);
  std::string query_text(std::string_view sql, std::string_view doing);

  // The connection's last error, said as a failure of `doing`; fail() throws it as StorageError.
  std::string failure(std::string_view doing) const;
  [[noreturn]] void fail(std::string_view doing) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Connection& connection, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding (1-based indices). Text is not copied: it must stay alive until reset().
  void bind_null(int index);
  void bind_int(int index, std::int64_t value);
  void bind_double(int index, double value);
  void bind_text(int index, std::string_view value);

  // Steps once; true while a row is available. Throws StorageError on failure.
  bool step(std::string_view doing);
  // Ready for the next execution (bindings kept until rebound).
  void reset();

  // Reading the current row (0-based columns).
  bool is_null(int column) const;
  std::int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string_view column_text(int column) const;

 private:
  Connection& connection_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace strikeline::sqlite
