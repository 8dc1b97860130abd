// ClientAdmission: what each client (source address) may hold of the server, so that one client
// cannot take what all need (nginx's limit_conn, Envoy's overload manager):
//   - connections: at most max_connections in all and max_per_client per address; beyond either,
//     a loopback client may still take one of `reserved_loopback` reserved slots, which serve one
//     GET /health (the systemd watchdog's and the operator's probe) and nothing else, so a probe
//     from the host is answered while a flood holds every ordinary slot (the server evicts a
//     reserved connection that has not sent its request yet to make room for a newer one, so a
//     flood of silent connections cannot hold the reserved slots either);
//   - answers not yet sent (bytes of response bodies the clients have not read): at most
//     `response_budget` in all and `response_budget_per_client` per address. Past either, answers
//     other than /health are 503 with Retry-After until readers catch up, so stalled readers hold
//     a bounded amount of memory however many there are.
// IPv4-mapped IPv6 addresses count as their IPv4 address. All members are thread-safe.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace strikeline {

struct AdmissionLimits {
  std::size_t max_connections = 10000;
  std::size_t max_per_client = 256;  // 0: no per-client limit
  std::size_t reserved_loopback = 4;
  std::size_t response_budget = 32 * 1024 * 1024;            // 0: no budget
  std::size_t response_budget_per_client = 8 * 1024 * 1024;  // 0: no per-client budget
};

class ClientAdmission {
 public:
  enum class Slot { ordinary, reserved };

  explicit ClientAdmission(AdmissionLimits limits);

  // A connection slot for a new connection from `client`, or nullopt when it must be refused.
  std::optional<Slot> admit(const boost::asio::ip::address& client);
  // A reserved slot beyond the reserved count, for a loopback client that takes the place of a
  // reserved connection being evicted (one that has not sent its request: a probe sends its
  // request at once, a flood's silent connection does not).
  Slot admit_in_place_of_evicted();
  void release(const boost::asio::ip::address& client, Slot slot);

  // Holds `bytes` of an answer for `client` until release_answer(); false (nothing held) when the
  // answer would pass the total or the client's budget. An answer of at most `always_fits` bytes
  // is always held (small answers are bounded by the connection limits), and so is one when
  // nothing is held (so an answer larger than a budget is served, one at a time).
  bool hold_answer(const boost::asio::ip::address& client, std::size_t bytes,
                   std::size_t always_fits = 16 * 1024);
  void release_answer(const boost::asio::ip::address& client, std::size_t bytes);
  // True when the total or the client's budget is used up: it has less room left than the last
  // answer that did not fit took (new work would be computed only to be refused).
  bool answers_exhausted(const boost::asio::ip::address& client) const;

  std::size_t open_connections() const;
  std::size_t held_answer_bytes() const;
  const AdmissionLimits& limits() const { return limits_; }

 private:
  struct Client {
    std::size_t connections = 0;
    std::size_t answer_bytes = 0;
  };
  struct AddressHash {
    std::size_t operator()(const boost::asio::ip::address& a) const;
  };
  void forget_if_idle(const boost::asio::ip::address& client);

  AdmissionLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<boost::asio::ip::address, Client, AddressHash> clients_;
  std::size_t connections_ = 0;
  std::size_t reserved_in_use_ = 0;
  std::size_t answer_bytes_ = 0;
  std::size_t last_refused_ = 0;  // the size of the last answer hold_answer() refused
};

// The address a limit counts: IPv4-mapped IPv6 as IPv4.
boost::asio::ip::address client_key(const boost::asio::ip::address& address);

}  // namespace strikeline
