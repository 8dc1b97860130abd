// HttpConnection: one client connection, served by a coroutine on its worker's io_context. It
// reads requests with bounded header and body sizes (431 / 413 / 400 answers, then a lingering
// close; the body limit is the route's own when it has one, see Router), waits at most idle_timeout
// for the next request on a keep-alive connection and at most read_timeout from a request's first
// byte to its end (a client that stalls mid-request is cut off without holding up anyone else),
// answers through the RequestDispatcher, and hands upgrade requests to the router's upgrade hooks.
// drain() makes it finish the request in hand and close; an idle connection waits
// ServerConfig::drain_grace for one more request (answered with Connection: close) and then
// closes, so a client that sends just as the stop begins sees no reset.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <memory>

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
  virtual HttpMetrics& metrics() = 0;
  virtual bool draining() const = 0;  // the server is stopping (any thread)
  virtual void attach(HttpConnection& connection) = 0;
  virtual void detach(HttpConnection& connection) = 0;
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  // `slot`: the connection's place under max_connections, held until the connection ends or
  // passed on to an upgrade handler.
  HttpConnection(boost::asio::ip::tcp::socket socket, ConnectionHost& host, ConnectionSlot slot);

  // Serves until the client leaves, a limit or timeout is hit, or the connection is drained.
  static boost::asio::awaitable<void> serve(std::shared_ptr<HttpConnection> self);

  void drain();
  void force_close();

 private:
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> reject_and_close(http::status status, std::string_view detail);
  boost::asio::awaitable<void> lingering_close();

  boost::beast::tcp_stream stream_;
  boost::asio::steady_timer grace_timer_;  // drain(): how long an idle connection still waits
  boost::beast::flat_buffer buffer_;
  ConnectionHost& host_;
  boost::asio::ip::address remote_;
  bool idle_ = true;
  bool draining_ = false;
  bool handed_off_ = false;
  ConnectionSlot slot_;
};

}  // namespace strikeline
