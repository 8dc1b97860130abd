#include "store/postgres/writer_lease.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <random>

#include "store/postgres/pg_connection.h"

namespace strikeline::pg {

namespace {

std::int64_t parse_term(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw StorageError("unreadable writer lease term '" + std::string(text) + "'");
  }
  return v;
}

// Takes the expired lease: the row locked without waiting (a row another session holds is
// skipped: no term), the term raised, the term's row recorded, all in one statement.
constexpr const char* kTakeSql =
    "WITH current AS (SELECT name, holder AS previous FROM fo_writer_lease WHERE name = 'bars' "
    "AND expires_at <= clock_timestamp() FOR UPDATE SKIP LOCKED), "
    "taken AS (UPDATE fo_writer_lease l SET holder = $1, term = l.term + 1, expires_at = "
    "clock_timestamp() + $2::bigint * interval '1 millisecond', renewed_at = clock_timestamp() "
    "FROM current WHERE l.name = current.name RETURNING l.term, current.previous), "
    "recorded AS (INSERT INTO fo_writer_terms (term, holder, taken_at) SELECT term, $1, "
    "clock_timestamp() FROM taken) "
    "SELECT term, previous FROM taken";

constexpr const char* kRenewSql =
    "UPDATE fo_writer_lease SET expires_at = clock_timestamp() + $3::bigint * interval '1 "
    "millisecond', renewed_at = clock_timestamp() WHERE name = 'bars' AND holder = $1 AND term = "
    "$2::bigint RETURNING term";

constexpr const char* kReleaseSql =
    "UPDATE fo_writer_lease SET expires_at = clock_timestamp() WHERE name = 'bars' AND holder = $1 "
    "AND term = $2::bigint";

// The lease as it is, and whether it has been expired for longer than `$1` ms (stale).
constexpr const char* kReadSql =
    "SELECT holder, term, expires_at <= clock_timestamp(), expires_at + $1::bigint * interval '1 "
    "millisecond' <= clock_timestamp() FROM fo_writer_lease WHERE name = 'bars'";

constexpr const char* kTerminateSql =
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 "
    "AND pid <> pg_backend_pid()";

}  // namespace

WriterLease::WriterLease(std::string conninfo, std::string holder, WriterLeaseOptions options)
    : conninfo_(std::move(conninfo)), holder_(std::move(holder)), options_(options) {
  assert(!holder_.empty() && holder_.size() <= 45);
  assert(options_.renew_interval > std::chrono::milliseconds{0} &&
         options_.renew_interval < options_.duration);
}

WriterLease::~WriterLease() = default;

template <typename Fn>
auto WriterLease::with_connection(Fn&& fn) {
  if (!connection_ || !connection_->ok()) {
    connection_.reset();
    connection_ = std::make_unique<Connection>(conninfo_);
    const std::string name = "strikeline lease " + holder_;
    const char* params[] = {name.c_str()};
    connection_->exec_params("SELECT set_config('application_name', $1, false)", params,
                             "naming the lease connection");
  }
  try {
    return fn(*connection_);
  } catch (const StorageError&) {
    if (!connection_->ok()) connection_.reset();
    throw;
  }
}

std::optional<Takeover> WriterLease::try_take() {
  const std::string duration = std::to_string(options_.duration.count());
  const std::optional<Takeover> taken = with_connection([&](Connection& c) {
    const char* params[] = {holder_.c_str(), duration.c_str()};
    Result r = c.exec_params(kTakeSql, params, "taking the writer lease");
    std::optional<Takeover> out;
    if (r.rows() == 1) out = Takeover{parse_term(r.text(0, 0)), std::string(r.text(0, 1))};
    return out;
  });
  if (taken) return taken;
  // Not taken: current, or locked. A lease expired for a whole renewal interval whose row is
  // still locked is held by a write of a stalled leader: end its sessions.
  const std::string stale_after = std::to_string(options_.renew_interval.count());
  with_connection([&](Connection& c) {
    const char* params[] = {stale_after.c_str()};
    Result r = c.exec_params(kReadSql, params, "reading the writer lease");
    if (r.rows() != 1 || r.text(0, 3) != "t" || r.text(0, 0).empty() || r.text(0, 0) == holder_) {
      return;
    }
    const std::string stale(r.text(0, 0));
    const std::string name = writer_application_name(stale);
    const char* kill_params[] = {name.c_str()};
    Result killed = c.exec_params(kTerminateSql, kill_params, "ending a stale writer's sessions");
    if (killed.rows() == 1 && killed.text(0, 0) != "0") {
      spdlog::warn(
          "writer lease: {} let its lease expire in the middle of a write; its {} writing "
          "session(s) terminated",
          stale, killed.text(0, 0));
    }
  });
  return std::nullopt;
}

bool WriterLease::renew(std::int64_t term) {
  const std::string term_text = std::to_string(term);
  const std::string duration = std::to_string(options_.duration.count());
  return with_connection([&](Connection& c) {
    const char* params[] = {holder_.c_str(), term_text.c_str(), duration.c_str()};
    return c.exec_params(kRenewSql, params, "renewing the writer lease").rows() == 1;
  });
}

void WriterLease::release(std::int64_t term) {
  const std::string term_text = std::to_string(term);
  with_connection([&](Connection& c) {
    const char* params[] = {holder_.c_str(), term_text.c_str()};
    c.exec_params(kReleaseSql, params, "releasing the writer lease");
  });
}

LeaseView WriterLease::read() {
  const std::string stale_after = std::to_string(options_.renew_interval.count());
  return with_connection([&](Connection& c) {
    const char* params[] = {stale_after.c_str()};
    Result r = c.exec_params(kReadSql, params, "reading the writer lease");
    if (r.rows() != 1) {
      throw StorageError("the database has no writer lease row; run `strikeline migrate up`");
    }
    return LeaseView{std::string(r.text(0, 0)), parse_term(r.text(0, 1)), r.text(0, 2) == "t"};
  });
}

std::string writer_application_name(std::string_view holder) {
  std::string name = "strikeline writer ";
  name += holder.substr(0, 45);
  return name;
}

std::string make_writer_id() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, 8, "host");
  std::string id(host, std::min<std::size_t>(std::strlen(host), 30));
  std::random_device random;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", static_cast<unsigned>(random() & 0xffff));
  return id + ":" + std::to_string(::getpid()) + ":" + suffix;
}

}  // namespace strikeline::pg
