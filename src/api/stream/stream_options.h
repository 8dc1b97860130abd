// StreamOptions: the live stream's limits (API.md "WebSocket /fo/stream"), plain values so tests
// can shrink them. Defaults: at most 4 messages a second per subscribed contract and timeframe,
// {"type":"ping"} every 30 s, 256 queued messages per client (the oldest dropped beyond), and a
// client that stays behind (its queue full) for 5 s is disconnected.
#pragma once

#include <chrono>
#include <cstddef>

namespace strikeline {

struct StreamOptions {
  // Coalescing: a (symbol, expiry, timeframe) channel publishes at most once per interval; the
  // newest state of its newest changed bucket wins.
  std::chrono::milliseconds min_interval{250};
  std::chrono::milliseconds ping_interval{30'000};
  std::size_t queue_limit = 256;                  // messages queued per client
  std::chrono::milliseconds behind_limit{5'000};  // queue full this long: disconnected
  std::size_t max_client_message_bytes = 16 * 1024;
  std::size_t max_subscriptions = 64;  // per client
  int send_buffer_bytes = 0;           // SO_SNDBUF of client sockets (0: the system's)
  std::chrono::milliseconds handshake_timeout{10'000};
};

}  // namespace strikeline
