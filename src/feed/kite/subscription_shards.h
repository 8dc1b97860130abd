// SubscriptionShards: spreads the ticker's planned instruments over the WebSocket connections Kite
// Connect allows: up to 3 connections per API key, each subscribing up to 3,000 instruments, so one
// key reaches 9,000 and several keys (credentials files) reach further. A newly planned token goes
// to the connection holding the fewest (the lowest-numbered on a tie), so connections fill evenly
// and re-centred windows (as many tokens out as in) stay balanced; a token stays on its connection
// until it is unsubscribed (moving it would lose its ticks for a round trip). Tokens beyond the
// capacity wait, in the order they were planned, and are placed as soon as room frees; the
// planner's first change (indices, spots and futures) is thus never the part left out. Pure logic,
// no I/O. Invariants (asserted): no connection holds more than its share, a token is on one
// connection at most, and a token waits only while every connection is full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "feed/kite/subscription_planner.h"

namespace strikeline::kite {

inline constexpr std::size_t kKiteInstrumentsPerConnection = 3000;
inline constexpr int kKiteConnectionsPerKey = 3;

class SubscriptionShards {
 public:
  SubscriptionShards(std::size_t connections, std::size_t instruments_per_connection);

  // More connections (a day whose plan needs them); the new ones are empty and take the next
  // tokens, waiting ones first.
  void add_connections(std::size_t count);

  // Applies a change of the plan; returns, per connection (index = connection), what it must
  // subscribe and unsubscribe (ascending; empty when nothing changes for it).
  std::vector<SubscriptionChange> apply(const SubscriptionChange& change);

  std::size_t connections() const { return load_.size(); }
  std::size_t capacity() const { return load_.size() * per_connection_; }
  // Planned tokens that found no room.
  std::size_t waiting() const { return waiting_.size(); }
  // Tokens subscribed on each connection.
  const std::vector<std::size_t>& loads() const { return load_; }
  std::optional<std::size_t> connection_of(std::uint32_t token) const;

 private:
  // The least loaded connection with room; nullopt when all are full.
  std::optional<std::size_t> roomiest() const;
  void check_invariants() const;

  std::size_t per_connection_;
  std::vector<std::size_t> load_;
  std::unordered_map<std::uint32_t, std::size_t> owner_;  // token -> connection
  std::vector<std::uint32_t> waiting_;                    // in planned order
};

}  // namespace strikeline::kite
