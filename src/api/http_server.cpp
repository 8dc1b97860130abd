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
#include <boost/asio/thread_pool.hpp>
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
#include "api/client_admission.h"
#include "api/cors.h"
#include "api/host_policy.h"
#include "api/http_connection.h"
#include "api/http_metrics.h"
#include "api/ingest/ingest_auth.h"
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
    const HostPolicy& hosts() const override { return server.hosts; }
    ClientAdmission& admission() override { return server.ledger->admission; }
    asio::any_io_executor handler_executor() override { return server.handlers->get_executor(); }
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
        hosts(config.address, config.allowed_hosts),
        ledger(std::make_shared<ConnectionLedger>(admission_limits(config),
                                                  &metrics.open_connections)) {
    add_standard_routes(router, context, config.response_cache_entries,
                        config.response_cache_bytes);
  }

  // Before the workers (and the connections their io_contexts still hold) are destroyed: slots
  // released from now on only count down.
  ~Impl() { ledger->forget_gauge(); }

  static AdmissionLimits admission_limits(const ServerConfig& c) {
    AdmissionLimits l;
    l.max_connections = c.max_connections;
    l.max_per_client = c.max_connections_per_client;
    l.reserved_loopback = c.reserved_loopback_connections;
    l.response_budget = c.response_buffer_limit;
    l.response_budget_per_client = c.response_buffer_per_client;
    return l;
  }

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

  // Serves an accepted connection on `worker`, or refuses it at once (503 with Retry-After, then
  // closed) beyond the connection limits.
  void adopt(tcp::socket socket, Worker& worker) {
    metrics.accepted_connections.inc();
    boost::system::error_code ec;
    const auto client = client_key(socket.remote_endpoint(ec).address());
    auto slot_kind = ec ? std::nullopt : ledger->admission.admit(client);
    if (!slot_kind && !ec && is_loopback(client) && evict_silent_reserved()) {
      slot_kind = ledger->admission.admit_in_place_of_evicted();
    }
    if (!slot_kind) {
      metrics.rejected_connections.inc();
      refuse(socket);
      return;
    }
    metrics.open_connections.add(1);
    // Released when the connection ends, or when an upgraded connection's handler lets it go
    // (possibly after this server is gone: it holds only the shared ledger).
    ConnectionSlot slot(nullptr, [ledger = ledger, client, kind = *slot_kind](const void*) {
      ledger->release(client, kind);
    });
    const bool reserved = *slot_kind == ClientAdmission::Slot::reserved;
    auto connection =
        std::make_shared<HttpConnection>(std::move(socket), worker, std::move(slot), reserved);
    if (reserved) {
      std::erase_if(reserved_connections, [](const auto& w) { return w.expired(); });
      reserved_connections.push_back(connection);
    }
    asio::co_spawn(worker.io, HttpConnection::serve(std::move(connection)), asio::detached);
  }

  // Closes the oldest reserved connection that has not sent its request yet; false when every
  // reserved connection is busy with one (on the accept thread).
  bool evict_silent_reserved() {
    for (auto it = reserved_connections.begin(); it != reserved_connections.end(); ++it) {
      if (auto c = it->lock(); c && c->awaiting_request()) {
        c->evict();
        reserved_connections.erase(it);
        return true;
      }
    }
    return false;
  }

  // A connection beyond the limits: a best-effort 503 (without waiting for the request, which is
  // never read) and a close.
  static void refuse(tcp::socket& socket) {
    static constexpr std::string_view kRefusal =
        "HTTP/1.1 503 Service Unavailable\r\nServer: strikeline\r\nRetry-After: 1\r\n"
        "Content-Type: application/json\r\nConnection: close\r\nContent-Length: 73\r\n\r\n"
        "{\"detail\":\"too many connections from this client or in all; retry shortly\"}";
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    ::send(socket.native_handle(), kRefusal.data(), kRefusal.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
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
    acceptor.emplace(accept_io);
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
    asio::post(accept_io, [this] {
      boost::system::error_code ignored;
      if (acceptor && acceptor->is_open()) {
        accept_backlog();
        acceptor->close(ignored);
      }
      if (signals) signals->cancel(ignored);
      if (other_signals) other_signals->cancel(ignored);
      accept_work.reset();
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
  HostPolicy hosts;
  std::unique_ptr<RequestDispatcher> dispatcher;
  // Accepting (and the signals) has a thread of its own, so a busy worker never delays a new
  // connection; handlers run on a pool of their own, so a slow one never delays a worker's I/O.
  asio::io_context accept_io{1};
  asio::executor_work_guard<asio::io_context::executor_type> accept_work{
      asio::make_work_guard(accept_io)};
  std::thread accept_thread;
  std::optional<asio::thread_pool> handlers;
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<tcp::acceptor> acceptor;
  // The connections on reserved slots, oldest first (only the accept thread uses it).
  std::vector<std::weak_ptr<HttpConnection>> reserved_connections;
  std::optional<asio::signal_set> signals;        // SIGTERM, SIGINT: drain and stop
  std::optional<asio::signal_set> other_signals;  // SIGHUP: reload hooks; SIGUSR1/2: ignored
  // Open connections, upgraded ones included, per client; shared with every connection's slot.
  class ConnectionLedger {
   public:
    ConnectionLedger(AdmissionLimits limits, Gauge* gauge) : admission(limits), gauge_(gauge) {}
    ClientAdmission admission;
    void release(const asio::ip::address& client, ClientAdmission::Slot slot) {
      admission.release(client, slot);
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
  std::shared_ptr<ConnectionLedger> ledger;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint16_t> bound_port{0};
  std::mutex lifecycle;
  bool started = false;
  std::vector<std::function<void()>> stop_hooks;
  std::vector<std::function<void()>> reload_hooks;

  void wait_for_other_signals() {
    other_signals->async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      if (signal == SIGHUP) {
        spdlog::info("signal {} (SIGHUP): reloading", signal);
        for (const auto& hook : reload_hooks) {
          try {
            hook();
          } catch (const std::exception& e) {
            spdlog::error("reload: {}", e.what());
          }
        }
      } else {
        spdlog::info("signal {} ignored (SIGTERM drains and stops, SIGHUP reloads)", signal);
      }
      wait_for_other_signals();
    });
  }
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
  unsigned handler_threads = s.config.handler_threads != 0 ? s.config.handler_threads
                                                           : std::thread::hardware_concurrency();
  if (handler_threads == 0) handler_threads = 1;
  s.dispatcher = std::make_unique<RequestDispatcher>(
      s.router, s.metrics, CorsPolicy(s.config.cors_origins), s.access_log, s.context);
  for (unsigned i = 0; i < threads; ++i) s.workers.push_back(std::make_unique<Impl::Worker>(s));
  s.handlers.emplace(handler_threads);
  s.listen();  // throws std::system_error when the address cannot be bound
  if (s.config.handle_signals) {
    s.signals.emplace(s.accept_io, SIGTERM, SIGINT);
    s.signals->async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      spdlog::info("signal {}: draining connections and stopping", signal);
      impl_->begin_stop();
    });
    s.other_signals.emplace(s.accept_io, SIGHUP, SIGUSR1, SIGUSR2);
    s.wait_for_other_signals();
  }
  asio::co_spawn(s.accept_io, s.accept_loop(), asio::detached);
  s.accept_thread = std::thread([&s] {
    for (;;) {
      try {
        s.accept_io.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("HTTP acceptor: unexpected error: {}", e.what());
      }
    }
  });
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
  spdlog::info("HTTP server listening on {}:{} with {} I/O and {} handler thread(s)",
               s.config.address, s.bound_port.load(), threads, handler_threads);
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

void HttpServer::on_reload(std::function<void()> hook) {
  impl_->reload_hooks.push_back(std::move(hook));
}

void HttpServer::wait() {
  std::vector<std::thread*> threads;
  {
    std::lock_guard lock(impl_->lifecycle);
    for (auto& w : impl_->workers) threads.push_back(&w->thread);
    threads.push_back(&impl_->accept_thread);
  }
  for (std::thread* t : threads) {
    if (t->joinable()) t->join();
  }
  // The workers have ended, so no handler is awaited any more.
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->handlers) impl_->handlers->join();
}

}  // namespace strikeline
