#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

namespace strikeline::sqlite {

namespace {

std::string describe_failure(int code, const char* message, std::string_view path) {
  if (code == SQLITE_NOTADB) {
    return std::string(path) + " is not a SQLite database (" + message + ")";
  }
  return std::string(message);
}

}  // namespace

Connection::Connection(const std::string& path) : path_(path) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string reason = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError("cannot open SQLite database " + path + ": " + reason);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  sqlite3_close_v2(db_);
}

std::string Connection::failure(std::string_view doing) const {
  const int code = sqlite3_errcode(db_) & 0xff;
  return std::string(doing) + ": " + describe_failure(code, sqlite3_errmsg(db_), path_);
}

void Connection::fail(std::string_view doing) const {
  throw StorageError(failure(doing));
}

void Connection::exec(std::string_view sql, std::string_view doing) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string reason =
        describe_failure(rc & 0xff, message ? message : sqlite3_errstr(rc), path_);
    sqlite3_free(message);
    throw StorageError(std::string(doing) + ": " + reason);
  }
}

std::int64_t Connection::query_int(std::string_view sql, std::string_view doing) {
  Statement statement(*this, sql);
  if (!statement.step(doing)) return 0;
  return statement.column_int(0);
}

std::string Connection::query_text(std::string_view sql, std::string_view doing) {
  Statement statement(*this, sql);
  if (!statement.step(doing)) return {};
  return std::string(statement.column_text(0));
}

Statement::Statement(Connection& connection, std::string_view sql) : connection_(connection) {
  const int rc = sqlite3_prepare_v3(connection.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) connection.fail("preparing a statement");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

void Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
}
void Statement::bind_int(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}
void Statement::bind_double(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
}
void Statement::bind_text(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

bool Statement::step(std::string_view doing) {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string message = connection_.failure(doing);
  sqlite3_reset(stmt_);
  throw StorageError(message);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::column_int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
double Statement::column_double(int column) const {
  return sqlite3_column_double(stmt_, column);
}
std::string_view Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (!text) return {};
  return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

}  // namespace strikeline::sqlite
