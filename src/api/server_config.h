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
  unsigned handler_threads = 0;             // threads running route handlers; 0: one per core
  std::size_t max_header_bytes = 8 * 1024;  // request line + headers; beyond: 431
  std::size_t max_body_bytes = 1024 * 1024;  // beyond: 413
  // Connections (HTTP and WebSocket) in all and per client address, and the slots kept for loopback
  // /health probes beyond them (api/client_admission.h); a connection beyond the limits gets a
  // 503 with Retry-After and is closed at once.
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_client = 256;  // 0: no per-client limit
  std::size_t reserved_loopback_connections = 4;
  // Bytes of answers written but not yet taken by their clients, in all and per client: past
  // either, answers other than /health are 503 with Retry-After (0: no limit).
  std::size_t response_buffer_limit = 32 * 1024 * 1024;
  std::size_t response_buffer_per_client = 8 * 1024 * 1024;
  // A new connection's first byte must come within this (shorter than the idle timeout, so silent
  // connections cannot hold slots for long).
  std::chrono::milliseconds first_byte_timeout{10'000};
  // Waiting for the next request on an idle keep-alive connection.
  std::chrono::milliseconds idle_timeout{60'000};
  // From a request's first byte until its header is complete, and then at most this long between
  // two pieces of its body (a slow upload that makes progress is not cut off; a stalled client
  // is, without holding up anyone else).
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
  // Host header names answered besides IP literals, localhost and the listen address (against DNS
  // rebinding, api/host_policy.h); "*" answers any.
  std::vector<std::string> allowed_hosts;
  bool access_log = true;
  // Encoded /fo responses kept per chain snapshot version (api/response_cache.h); 0 entries
  // disables the cache.
  std::size_t response_cache_entries = 1024;
  std::size_t response_cache_bytes = 64 * 1024 * 1024;
  // Stop gracefully on SIGTERM/SIGINT while run() is serving.
  bool handle_signals = false;
};

}  // namespace strikeline
