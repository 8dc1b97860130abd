// HttpConnection: one client connection, served by a coroutine on its worker's io_context.
//
// Reading: a new connection's first byte must come within first_byte_timeout, a keep-alive
// connection's next request within idle_timeout; from a request's first byte its header (at most
// max_header_bytes, counted exactly: 431 beyond) must be complete within read_timeout, and then
// its body may take as long as it keeps coming: at most read_timeout between two pieces. Bodies
// have the route's limit (413 beyond, see Router). `Expect: 100-continue` is answered with 100
// Continue once the request is admitted, or with the final answer instead (no body is read).
// A Host the server does not answer (api/host_policy.h) is 421.
//
// Answering: routes marked inline (/health) run on this I/O thread; every other handler runs on
// the server's handler pool while this thread serves other connections. A streamed route
// (BodyReader) gets its body piece by piece as it arrives; its handler runs on the header alone,
// so a refused request (a wrong token) is answered before its body is read. Answers are held
// against the client's and the server's budget of unsent bytes (api/client_admission.h): past
// it, 503 with Retry-After. A connection on a reserved slot answers one GET /health only.
//
// Closing: errors that leave unread input are answered and followed by a lingering close; upgrade
// requests are handed to the router's upgrade hooks. drain() makes it finish the request in hand
// and close; an idle connection waits ServerConfig::drain_grace for one more request (answered
// with Connection: close) and then closes, so a client that sends just as the stop begins sees no
// reset.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <functional>
#include <memory>

#include "api/client_admission.h"
#include "api/host_policy.h"
#include "api/http_metrics.h"
#include "api/request_dispatcher.h"
#include "api/router.h"
#include "api/server_config.h"

namespace strikeline {

class HttpConnection;

// What a connection needs from its server and worker. Called on the connection's own thread.
class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  virtual const ServerConfig& config() const = 0;
  virtual const Router& router() const = 0;
  virtual const RequestDispatcher& dispatcher() const = 0;
  virtual const HostPolicy& hosts() const = 0;
  virtual ClientAdmission& admission() = 0;
  virtual boost::asio::any_io_executor handler_executor() = 0;  // the handler pool
  virtual HttpMetrics& metrics() = 0;
  virtual bool draining() const = 0;  // the server is stopping (any thread)
  virtual void attach(HttpConnection& connection) = 0;
  virtual void detach(HttpConnection& connection) = 0;
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  // `slot`: the connection's place under the connection limits, held until the connection ends or
  // passed on to an upgrade handler; `reserved`: the slot is a reserved one (one /health only).
  HttpConnection(boost::asio::ip::tcp::socket socket, ConnectionHost& host, ConnectionSlot slot,
                 bool reserved = false);

  // Serves until the client leaves, a limit or timeout is hit, or the connection is drained.
  static boost::asio::awaitable<void> serve(std::shared_ptr<HttpConnection> self);

  void drain();
  void force_close();
  // True until the first request's header has been read (any thread).
  bool awaiting_request() const { return awaiting_request_.load(); }
  // Closes the connection from any thread (on its own executor).
  void evict();

 private:
  using BodyParser = http::request_parser<http::buffer_body>;

  boost::asio::awaitable<void> run();
  // Reads the rest of the body, handing each piece to `sink`; returns the error that stopped it.
  template <typename Sink>
  boost::asio::awaitable<boost::system::error_code> read_body(BodyParser& parser, Sink&& sink);
  boost::asio::awaitable<bool> send_continue(const HttpRequest& req, const BodyParser& parser);
  boost::asio::awaitable<bool> on_handler_pool(std::function<void()> work);
  // Writes the answer (holding it against the budgets); false: the connection is to close.
  boost::asio::awaitable<bool> answer(RequestDispatcher::Pending& pending, const HttpRequest& req,
                                      HttpResponse& res, bool body_unread);
  boost::asio::awaitable<void> reject_and_close(http::status status, std::string_view detail,
                                                const HttpRequest* req = nullptr);
  boost::asio::awaitable<void> lingering_close();

  boost::beast::tcp_stream stream_;
  boost::asio::steady_timer grace_timer_;  // drain(): how long an idle connection still waits
  boost::beast::flat_buffer buffer_;
  std::unique_ptr<char[]> piece_;  // body pieces, allocated on the first body
  ConnectionHost& host_;
  boost::asio::ip::address remote_;
  bool reserved_ = false;
  std::atomic<bool> awaiting_request_{true};
  bool idle_ = true;
  bool draining_ = false;
  bool handed_off_ = false;
  ConnectionSlot slot_;
};

}  // namespace strikeline
