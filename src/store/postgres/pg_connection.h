// Thin RAII wrappers over libpq: a connection and a query result. Every failure becomes a
// StorageError whose message says what was being done and the server's reason. Connecting uses
// the URI or key=value conninfo as given, plus application_name=strikeline and, unless the
// conninfo sets them, a 3 s connect timeout and TCP keepalives / tcp_user_timeout detecting a
// vanished server within about 10 s, so an unreachable server fails fast instead of hanging.
// A connection is used by one thread at a time.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "store/bar_repository.h"

struct pg_conn;
struct pg_result;

namespace strikeline::pg {

class Result {
 public:
  Result() = default;
  explicit Result(pg_result* result) : result_(result) {}
  ~Result();
  Result(Result&& other) noexcept : result_(other.release()) {}
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  pg_result* get() const { return result_; }
  pg_result* release() {
    pg_result* r = result_;
    result_ = nullptr;
    return r;
  }
  int rows() const;
  int columns() const;
  bool is_null(int row, int column) const;
  // Text of a value ("" for NULL).
  std::string_view text(int row, int column) const;

 private:
  pg_result* result_ = nullptr;
};

class Connection {
 public:
  // Connects; throws StorageError naming the server and libpq's reason when it cannot.
  explicit Connection(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  pg_conn* handle() const { return conn_; }
  // False once libpq noticed the connection broke (the server went away).
  bool ok() const;

  // Runs one or more statements (no parameters); throws on failure. Returns the last result.
  Result exec(std::string_view sql, std::string_view doing);
  // Runs one parameterised statement (text parameters, nullptr for NULL).
  Result exec_params(std::string_view sql, std::span<const char* const> params,
                     std::string_view doing);
  // Prepares a named statement once per connection.
  void prepare(const std::string& name, std::string_view sql, std::string_view doing);
  Result exec_prepared(const std::string& name, std::span<const char* const> params,
                       std::string_view doing);
  // Runs `copy_sql` (COPY ... FROM STDIN) and sends `data` in COPY text format.
  void copy_in(std::string_view copy_sql, std::string_view data, std::string_view doing);

  // Runs ROLLBACK, ignoring failures (the transaction is gone either way).
  void rollback_quietly();

  // The connection's last error, said as a failure of `doing`.
  std::string failure(std::string_view doing) const;
  [[noreturn]] void fail(std::string_view doing) const;

 private:
  void check(const Result& result, std::string_view doing) const;
  pg_conn* conn_ = nullptr;
};

// host:port/dbname of a conninfo for messages, without the password.
std::string describe_server(const std::string& conninfo);

// Appends a COPY text-format field: "\N" for NULL, else the text with \, tab, newline, CR escaped.
void append_copy_text(std::string& out, std::string_view text);

}  // namespace strikeline::pg
