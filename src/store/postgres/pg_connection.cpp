#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <vector>

namespace strikeline::pg {

Result::~Result() {
  if (result_) PQclear(result_);
}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = other.release();
  }
  return *this;
}

int Result::rows() const {
  return result_ ? PQntuples(result_) : 0;
}

int Result::columns() const {
  return result_ ? PQnfields(result_) : 0;
}

bool Result::is_null(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

std::string_view Result::text(int row, int column) const {
  return {PQgetvalue(result_, row, column),
          static_cast<std::size_t>(PQgetlength(result_, row, column))};
}

namespace {

// The message libpq gives, trimmed of its trailing newline.
std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.empty() ? "unknown error" : text;
}

}  // namespace

Connection::Connection(const std::string& conninfo) {
  std::vector<const char*> keys{"dbname", "application_name"};
  std::vector<const char*> values{conninfo.c_str(), "strikeline"};
  // Defaults unless the conninfo sets them: fail fast on connect, and notice a server that
  // vanished without closing the connection (a network partition) within about 10 s instead of
  // the kernel's TCP timeouts (TCP keepalives, tcp_user_timeout for unacknowledged writes).
  const std::pair<const char*, const char*> defaults[] = {
      {"connect_timeout", "3"},     {"keepalives", "1"},       {"keepalives_idle", "5"},
      {"keepalives_interval", "2"}, {"keepalives_count", "3"}, {"tcp_user_timeout", "10000"}};
  for (const auto& [key, value] : defaults) {
    if (conninfo.find(key) != std::string::npos) continue;
    keys.push_back(key);
    values.push_back(value);
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (!conn_) throw StorageError("cannot allocate a PostgreSQL connection");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string why = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw StorageError("cannot connect to PostgreSQL at " + describe_server(conninfo) + ": " + why);
  }
  // Shortest round-trip text for doubles (PostgreSQL 12+ default, made explicit), UTC times.
  exec("SET extra_float_digits = 1; SET TimeZone = 'UTC'; SET client_min_messages = warning",
       "configuring the connection");
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

bool Connection::ok() const {
  return conn_ && PQstatus(conn_) == CONNECTION_OK;
}

std::string Connection::failure(std::string_view doing) const {
  return std::string(doing) + " failed: " + trimmed(PQerrorMessage(conn_));
}

void Connection::fail(std::string_view doing) const {
  throw StorageError(failure(doing));
}

void Connection::check(const Result& result, std::string_view doing) const {
  if (!result.get()) fail(doing);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE)
    return;
  throw StorageError(std::string(doing) +
                     " failed: " + trimmed(PQresultErrorMessage(result.get())));
}

Result Connection::exec(std::string_view sql, std::string_view doing) {
  Result result(PQexec(conn_, std::string(sql).c_str()));
  check(result, doing);
  return result;
}

Result Connection::exec_params(std::string_view sql, std::span<const char* const> params,
                               std::string_view doing) {
  Result result(PQexecParams(conn_, std::string(sql).c_str(), static_cast<int>(params.size()),
                             nullptr, params.data(), nullptr, nullptr, 0));
  check(result, doing);
  return result;
}

void Connection::prepare(const std::string& name, std::string_view sql, std::string_view doing) {
  Result result(PQprepare(conn_, name.c_str(), std::string(sql).c_str(), 0, nullptr));
  check(result, doing);
}

Result Connection::exec_prepared(const std::string& name, std::span<const char* const> params,
                                 std::string_view doing) {
  Result result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), params.data(),
                               nullptr, nullptr, 0));
  check(result, doing);
  return result;
}

void Connection::copy_in(std::string_view copy_sql, std::string_view data, std::string_view doing) {
  Result start(PQexec(conn_, std::string(copy_sql).c_str()));
  if (!start.get() || PQresultStatus(start.get()) != PGRES_COPY_IN) check(start, doing);
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t at = 0; at < data.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) {
      PQputCopyEnd(conn_, "strikeline could not send the rows");
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
      fail(doing);
    }
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) fail(doing);
  Result end(PQgetResult(conn_));
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  check(end, doing);
}

void Connection::rollback_quietly() {
  if (!ok()) return;
  if (PGresult* r = PQexec(conn_, "ROLLBACK")) PQclear(r);
}

std::string describe_server(const std::string& conninfo) {
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), nullptr);
  if (!options) return "(unparsable connection string)";
  std::string host = "localhost", port = "5432", dbname;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    const std::string_view key = o->keyword;
    if (key == "host" || (key == "hostaddr" && host == "localhost")) host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
  }
  PQconninfoFree(options);
  return host + ":" + port + (dbname.empty() ? "" : "/" + dbname);
}

void append_copy_text(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace strikeline::pg
