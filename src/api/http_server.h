// HttpServer: API.md's HTTP server on Boost.Beast/Asio. One io_context and thread per I/O worker
// (one per core by default), a pool of handler threads (one per core by default) that runs the
// route handlers so a slow one never holds up a worker's connections, and an accept thread of its
// own: a single listening socket with SO_REUSEPORT (so a new process can bind beside the old one
// for a zero-downtime restart; while both listen, the kernel gives new connections to the newest)
// admits each connection under the per-client and total limits (api/client_admission.h) and hands
// it to the workers in turn. The constructor installs the standard routes
// (api/standard_routes.h); add more through router() before start().
//
// Lifecycle: start() binds and serves in background threads (throws std::system_error when it
// cannot listen); run() = start() + wait(); stop() is graceful and may be called from any thread
// or, with ServerConfig::handle_signals, by SIGTERM/SIGINT: it stops accepting, lets in-flight
// requests finish (up to drain_timeout), closes idle keep-alive connections and then the workers
// end. With handle_signals, SIGHUP runs the reload hooks (on_reload) and SIGUSR1/SIGUSR2 are
// logged and ignored instead of ending the process. Connections handed off by an upgrade hook
// (WebSocket) are no longer the server's: their owner closes them from a stop hook (on_stop), which
// runs when the stop begins. The destructor stops and waits.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "api/router.h"
#include "api/server_config.h"
#include "api/service_context.h"

namespace strikeline {

class HttpServer {
 public:
  // `context` must outlive the server.
  HttpServer(ServerConfig config, ServiceContext& context);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Router& router();
  const ServerConfig& config() const;

  void start();
  void run();
  void stop();
  void wait();
  // Runs `hook` once when a stop begins (from the thread that stops, or a worker for a signal).
  // Register before start().
  void on_stop(std::function<void()> hook);
  // Runs `hook` at every SIGHUP (with ServerConfig::handle_signals), on the accept thread; what it
  // throws is logged. Register before start().
  void on_reload(std::function<void()> hook);

  // The bound port (useful with port 0); 0 before start().
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace strikeline
