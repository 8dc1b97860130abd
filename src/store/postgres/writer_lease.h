// WriterLease: the writer lease of fo_writer_lease (migrations/016) that makes one of several
// `serve --role writer` servers on one database the leader (README "Writer fail-over"). The lease
// row holds its holder, its term and its expiry on the database's clock; every operation is one
// statement on a connection of its own, made on demand and replaced when it breaks.
//   try_take()  takes the lease when it has expired (or was released): term + 1, a new row in
//               fo_writer_terms, in one statement that locks the row (FOR UPDATE SKIP LOCKED), so
//               of two contenders at most one gets a term, and never while a leader's write holds
//               the row (PostgresBarRepository::fence_writes). When the lease has been expired for
//               a renewal interval and its row is still locked (a leader paused or cut off in the
//               middle of a write), the stale holder's writing sessions are terminated, so the
//               next attempt succeeds (needs the same database role, or pg_signal_backend).
//   renew()     extends the lease of a term this holder took; false once another holder took the
//               lease (a renewal after an expiry nobody used succeeds: the term is still this one).
//   release()   ends a term's lease at once (a clean stop), for a follower to take it.
// StorageError when the database fails (nothing changed).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace strikeline::pg {

class Connection;

struct WriterLeaseOptions {
  std::chrono::milliseconds duration{5000};        // from the last renewal to the expiry
  std::chrono::milliseconds renew_interval{1000};  // how often the leader renews
};

struct LeaseView {
  std::string holder;  // "" before anyone took it
  std::int64_t term = 0;
  bool expired = false;
};

struct Takeover {
  std::int64_t term = 0;
  std::string previous_holder;  // "" when nobody held it before
};

class WriterLease {
 public:
  // `holder`: this server's id (at most 45 characters, see writer_application_name).
  WriterLease(std::string conninfo, std::string holder, WriterLeaseOptions options);
  ~WriterLease();
  WriterLease(const WriterLease&) = delete;
  WriterLease& operator=(const WriterLease&) = delete;

  const std::string& holder() const { return holder_; }
  const WriterLeaseOptions& options() const { return options_; }

  std::optional<Takeover> try_take();
  bool renew(std::int64_t term);
  void release(std::int64_t term);
  LeaseView read();

 private:
  // Runs fn on the connection (made when missing); drops a broken one and rethrows.
  template <typename Fn>
  auto with_connection(Fn&& fn);

  const std::string conninfo_, holder_;
  const WriterLeaseOptions options_;
  std::unique_ptr<Connection> connection_;
};

// The application_name of a leader's writing connection (PostgresBarRepository::fence_writes):
// what a takeover terminates when that leader stalls in a write. At most 63 characters.
std::string writer_application_name(std::string_view holder);

// A server's lease holder id: host name (at most 30 characters), process id and 4 random hex
// digits, so a restarted server (even with the same pid in a container) is a new holder.
std::string make_writer_id();

}  // namespace strikeline::pg
