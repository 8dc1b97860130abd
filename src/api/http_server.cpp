#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "api/access_log.h"
#include "api/cors.h"
#include "api/http_connection.h"
#include "api/http_metrics.h"
#include "api/request_dispatcher.h"
#include "api/standard_routes.h"

#include <linux/filter.h>
#include <sys/socket.h>

namespace strikeline {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// Zero-downtime restarts: while an old and a new process share the port, the kernel would spread
// new connections over both listening sockets by hash, and the old one's queue is reset when it
// closes. This classic BPF program, attached to the port's SO_REUSEPORT group by each process once
// it listens, returns socket index 1: the newest listener while two are bound (the group lists
// them in binding order), so the old one gets no new connections after its successor listens. With
// one listener, index 1 is out of range and the kernel falls back to its hash (the only socket).
void steer_new_connections_to_newest_listener(int fd) {
  sock_filter code[] = {{static_cast<__u16>(BPF_RET | BPF_K), 0, 0, 1}};
  const sock_fprog program{1, code};
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &program, sizeof program) != 0) {
    spdlog::warn("SO_ATTACH_REUSEPORT_CBPF: {} (a restart may reset a few new connections)",
                 std::strerror(errno));
  }
}

}  // namespace

struct HttpServer::Impl {
  // One thread's share of the connections. Everything but the constructor runs on its thread.
  struct Worker final : ConnectionHost {
    Worker(Impl& server_impl)
        : server(server_impl), work(asio::make_work_guard(io)), drain_timer(io) {}

    const ServerConfig& config() const override { return server.config; }
    const Router& router() const override { return server.router; }
    const RequestDispatcher& dispatcher() const override { return *server.dispatcher; }
    HttpMetrics& metrics() override { return server.metrics; }
    bool draining() const override { return server.stopping.load(); }
    void attach(HttpConnection& c) override { connections.insert(&c); }
    void detach(HttpConnection& c) override {
      connections.erase(&c);
      if (is_draining && connections.empty()) drain_timer.cancel();
    }

    void begin_drain() {
      is_draining = true;
      work.reset();
      if (connections.empty()) return;
      for (HttpConnection* c : std::set<HttpConnection*>(connections)) c->drain();
      drain_timer.expires_after(server.config.drain_timeout);
      drain_timer.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;  // every connection finished in time
        spdlog::warn("drain timeout: closing {} connection(s) still busy", connections.size());
        for (HttpConnection* c : std::set<HttpConnection*>(connections)) c->force_close();
      });
    }

    Impl& server;
    asio::io_context io{1};
    asio::executor_work_guard<asio::io_context::executor_type> work;
    asio::steady_timer drain_timer;
    std::set<HttpConnection*> connections;
    bool is_draining = false;
    std::thread thread;
  };

  Impl(ServerConfig server_config, ServiceContext& service_context)
      : config(std::move(server_config)),
        context(service_context),
        metrics(*service_context.metrics),
        access_log(config.access_log),
        connection_count(std::make_shared<ConnectionCount>(&metrics.open_connections)) {
    add_standard_routes(router, context, config.response_cache_entries,
                        config.response_cache_bytes);
  }

  // Before the workers (and the connections their io_contexts still hold) are destroyed: slots
  // released from now on only count down.
  ~Impl() { connection_count->forget_gauge(); }

  asio::awaitable<void> accept_loop() {
    std::size_t next = 0;
    for (;;) {
      Worker& worker = *workers[next++ % workers.size()];
      auto [ec, socket] =
          co_await acceptor->async_accept(worker.io, asio::as_tuple(asio::use_awaitable));
      if (!ec) {
        adopt(std::move(socket), worker);  // even when the stop closed the acceptor meanwhile
        continue;
      }
      if (!acceptor->is_open() || ec == asio::error::operation_aborted) co_return;
      // Out of file descriptors and the like: back off instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(acceptor->get_executor(), std::chrono::milliseconds{50});
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }

  // Serves an accepted connection on `worker` (or closes it at once beyond max_connections).
  void adopt(tcp::socket socket, Worker& worker) {
    metrics.accepted_connections.inc();
    if (connection_count->open.load() >= config.max_connections) {
      metrics.rejected_connections.inc();
      boost::system::error_code ignored;
      socket.close(ignored);
      return;
    }
    connection_count->open.fetch_add(1);
    metrics.open_connections.add(1);
    // Released when the connection ends, or when an upgraded connection's handler lets it go
    // (possibly after this server is gone: it holds only the shared count).
    ConnectionSlot slot(nullptr, [count = connection_count](const void*) { count->release(); });
    auto connection = std::make_shared<HttpConnection>(std::move(socket), worker, std::move(slot));
    asio::co_spawn(worker.io, HttpConnection::serve(std::move(connection)), asio::detached);
  }

  // Closing a listening socket resets the connections the kernel has completed but the server
  // has not accepted yet; with SO_REUSEPORT, clients of a restart would see those resets. So the
  // stop first accepts the whole backlog (each connection still gets one request answered, with
  // Connection: close) and closes the acceptor right after.
  void accept_backlog() {
    boost::system::error_code ec;
    acceptor->non_blocking(true, ec);
    for (std::size_t next = 0; !ec; ++next) {
      Worker& worker = *workers[next % workers.size()];
      tcp::socket socket(worker.io);
      acceptor->accept(socket, ec);  // would_block once the backlog is empty
      if (!ec) adopt(std::move(socket), worker);
    }
  }

  void listen() {
    const tcp::endpoint endpoint(asio::ip::make_address(config.address), config.port);
    acceptor.emplace(workers.front()->io);
    acceptor->open(endpoint.protocol());
    acceptor->set_option(asio::socket_base::reuse_address(true));
    acceptor->set_option(ReusePort(true));
    acceptor->bind(endpoint);
    acceptor->listen(asio::socket_base::max_listen_connections);
    steer_new_connections_to_newest_listener(acceptor->native_handle());
    bound_port = acceptor->local_endpoint().port();
  }

  void begin_stop() {
    if (stopping.exchange(true)) return;
    for (const auto& hook : stop_hooks) hook();
    if (workers.empty()) return;
    asio::post(workers.front()->io, [this] {
      boost::system::error_code ignored;
      if (acceptor && acceptor->is_open()) {
        accept_backlog();
        acceptor->close(ignored);
      }
      if (signals) signals->cancel(ignored);
    });
    for (auto& w : workers) {
      asio::post(w->io, [worker = w.get()] { worker->begin_drain(); });
    }
  }

  ServerConfig config;
  ServiceContext& context;
  Router router;
  HttpMetrics metrics;
  AccessLog access_log;
  std::unique_ptr<RequestDispatcher> dispatcher;
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  // Open connections, upgraded ones included, shared with every connection's slot.
  class ConnectionCount {
   public:
    explicit ConnectionCount(Gauge* gauge) : gauge_(gauge) {}
    std::atomic<std::size_t> open{0};
    void release() {
      open.fetch_sub(1);
      std::lock_guard lock(mutex_);
      if (gauge_) gauge_->add(-1);
    }
    void forget_gauge() {
      std::lock_guard lock(mutex_);
      gauge_ = nullptr;
    }

   private:
    std::mutex mutex_;
    Gauge* gauge_;
  };
  std::shared_ptr<ConnectionCount> connection_count;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint16_t> bound_port{0};
  std::mutex lifecycle;
  bool started = false;
  std::vector<std::function<void()>> stop_hooks;
};

HttpServer::HttpServer(ServerConfig config, ServiceContext& context)
    : impl_(std::make_unique<Impl>(std::move(config), context)) {}

HttpServer::~HttpServer() {
  stop();
  wait();
}

Router& HttpServer::router() {
  return impl_->router;
}

const ServerConfig& HttpServer::config() const {
  return impl_->config;
}

std::uint16_t HttpServer::port() const {
  return impl_->bound_port.load();
}

void HttpServer::start() {
  std::lock_guard lock(impl_->lifecycle);
  Impl& s = *impl_;
  if (s.started) return;
  unsigned threads = s.config.threads != 0 ? s.config.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  s.dispatcher = std::make_unique<RequestDispatcher>(
      s.router, s.metrics, CorsPolicy(s.config.cors_origins), s.access_log, s.context);
  for (unsigned i = 0; i < threads; ++i) s.workers.push_back(std::make_unique<Impl::Worker>(s));
  s.listen();  // throws std::system_error when the address cannot be bound
  if (s.config.handle_signals) {
    s.signals.emplace(s.workers.front()->io, SIGTERM, SIGINT);
    s.signals->async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("signal {}: draining connections and stopping", signal);
      impl_->begin_stop();
    });
  }
  asio::co_spawn(s.workers.front()->io, s.accept_loop(), asio::detached);
  for (auto& w : s.workers) {
    w->thread = std::thread([worker = w.get()] {
      for (;;) {
        try {
          worker->io.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("HTTP worker: unexpected error: {}", e.what());
        }
      }
    });
  }
  s.started = true;
  spdlog::info("HTTP server listening on {}:{} with {} thread(s)", s.config.address,
               s.bound_port.load(), threads);
  // A stop() that came before start() still applies.
  if (s.stopping.load()) {
    s.stopping.store(false);
    s.begin_stop();
  }
}

void HttpServer::run() {
  start();
  wait();
}

void HttpServer::stop() {
  impl_->begin_stop();
}

void HttpServer::on_stop(std::function<void()> hook) {
  impl_->stop_hooks.push_back(std::move(hook));
}

void HttpServer::wait() {
  std::vector<std::thread*> threads;
  {
    std::lock_guard lock(impl_->lifecycle);
    for (auto& w : impl_->workers) threads.push_back(&w->thread);
  }
  for (std::thread* t : threads) {
    if (t->joinable()) t->join();
  }
}

}  // namespace strikeline
