// ServerConfig: how the HTTP server listens and protects itself. Defaults follow API.md (port 8081)
// and DESIGN.md "Serving"; every limit is a plain value so tests can shrink timeouts.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace strikeline {

struct ServerConfig {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8081;                // 0: an ephemeral port (HttpServer::port() tells which)
  unsigned threads = 0;                     // io_context threads; 0: one per core
  std::size_t max_header_bytes = 8 * 1024;  // request line + headers; beyond: 431
  std::size_t max_body_bytes = 1024 * 1024;  // beyond: 413
  std::size_t max_connections = 10000;  // HTTP and WebSocket; beyond: a new one is closed at once
  // Waiting for the next request on an idle keep-alive connection.
  std::chrono::milliseconds idle_timeout{60'000};
  // From a request's first byte until it is complete (a stalled client is cut off after this).
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{30'000};
  // Graceful stop: in-flight requests get this long to finish before connections are closed.
  std::chrono::milliseconds drain_timeout{10'000};
  // Graceful stop: an idle keep-alive connection, or one taken from the accept backlog as the stop
  // begins, waits this long for one more request (answered with Connection: close) before it is
  // closed, so a client that sends just as the stop begins is served instead of reset.
  std::chrono::milliseconds drain_grace{1'000};
  // Origins allowed to read responses cross-site; "*" allows any.
  std::vector<std::string> cors_origins;
  bool access_log = true;
  // Encoded /fo responses kept per chain snapshot version (api/response_cache.h); 0 entries
  // disables the cache.
  std::size_t response_cache_entries = 1024;
  std::size_t response_cache_bytes = 64 * 1024 * 1024;
  // Stop gracefully on SIGTERM/SIGINT while run() is serving.
  bool handle_signals = false;
};

}  // namespace strikeline
