#include "api/http_connection.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <string>

#include "api/request_target.h"

namespace strikeline {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

bool is_http_parse_error(const boost::system::error_code& ec) {
  return ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, ConnectionHost& host,
                               ConnectionSlot slot)
    : stream_(std::move(socket)),
      grace_timer_(stream_.get_executor()),
      host_(host),
      slot_(std::move(slot)) {
  boost::system::error_code ec;
  remote_ = stream_.socket().remote_endpoint(ec).address();
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
}

asio::awaitable<void> HttpConnection::serve(std::shared_ptr<HttpConnection> self) {
  HttpConnection& c = *self;
  c.host_.attach(c);
  co_await c.run();  // during a stop it still serves one request (with Connection: close)
  if (!c.handed_off_) {
    boost::system::error_code ec;
    c.stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    c.stream_.socket().close(ec);
  }
  c.host_.detach(c);
  c.slot_.reset();  // unless an upgrade handler holds it now
}

void HttpConnection::drain() {
  draining_ = true;
  if (!idle_) return;  // the request in hand is answered with Connection: close
  // Idle: a request may already be on its way; wait drain_grace for it, then stop waiting. (The
  // wait's own timer cannot be shortened while the read is pending.)
  grace_timer_.expires_after(host_.config().drain_grace);
  // The connection may be gone when the timer fires: it holds itself only weakly.
  grace_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    const auto self = weak.lock();
    if (ec || !self) return;
    if (self->idle_) self->stream_.cancel();
  });
}

void HttpConnection::force_close() {
  draining_ = true;
  boost::system::error_code ec;
  stream_.socket().close(ec);
}

asio::awaitable<void> HttpConnection::run() {
  const ServerConfig& config = host_.config();
  for (;;) {
    if (buffer_.size() == 0) {
      // Idle: wait for the first byte of the next request (during a stop only drain_grace long).
      idle_ = true;
      const bool stopping = draining_ || host_.draining();
      stream_.expires_after(stopping ? std::min(config.idle_timeout, config.drain_grace)
                                     : config.idle_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(8192), kTuple);
      idle_ = false;
      if (ec) co_return;  // the client left, idled out, or the server is draining
      buffer_.commit(n);
    }
    idle_ = false;

    // The header first: the route decides the body limit (bulk ingest accepts more than queries).
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
    parser.body_limit(host_.router().largest_body_limit(config.max_body_bytes));
    stream_.expires_after(config.read_timeout);
    auto [header_ec, header_n] = co_await http::async_read_header(stream_, buffer_, parser, kTuple);
    std::size_t body_limit = config.max_body_bytes;
    if (!header_ec) {
      const auto target = parser.get().target();
      auto parsed = parse_request_target({target.data(), target.size()});
      if (parsed) {
        body_limit =
            host_.router().body_limit(parser.get().method(), parsed.value().path, body_limit);
      }
      parser.body_limit(body_limit);
    }
    boost::system::error_code read_ec = header_ec;
    if (!read_ec && parser.content_length() && *parser.content_length() > body_limit) {
      read_ec = http::error::body_limit;
    }
    if (!read_ec && !parser.is_done()) {
      auto [body_ec, body_n] = co_await http::async_read(stream_, buffer_, parser, kTuple);
      read_ec = body_ec;
    }
    if (read_ec) {
      if (read_ec == beast::error::timeout) {
        host_.metrics().read_timeouts.inc();
      } else if (read_ec == http::error::header_limit) {
        co_await reject_and_close(http::status::request_header_fields_too_large,
                                  "request line and headers too large: at most " +
                                      std::to_string(config.max_header_bytes) +
                                      " bytes (shorten the URL or headers)");
      } else if (read_ec == http::error::body_limit) {
        co_await reject_and_close(
            http::status::payload_too_large,
            "request body too large: at most " + std::to_string(body_limit) + " bytes");
      } else if (is_http_parse_error(read_ec)) {
        co_await reject_and_close(http::status::bad_request, "malformed HTTP request");
      }
      co_return;
    }

    HttpRequest request = parser.release();
    if (request.count(http::field::upgrade) != 0) {
      const auto protocol = request[http::field::upgrade];
      auto target = parse_request_target({request.target().data(), request.target().size()});
      if (target) {
        if (const UpgradeRoute* up = host_.router().match_upgrade(
                target.value().path, {protocol.data(), protocol.size()})) {
          stream_.expires_never();
          handed_off_ = true;
          up->handler(std::move(stream_), std::move(request), std::move(slot_));
          co_return;
        }
      }
    }

    HttpResponse response;
    host_.dispatcher().handle(request, remote_, response);
    if (draining_ || host_.draining()) response.keep_alive(false);
    stream_.expires_after(config.write_timeout);
    auto [write_ec, written] = co_await http::async_write(stream_, response, kTuple);
    if (write_ec || !response.keep_alive()) co_return;
  }
}

asio::awaitable<void> HttpConnection::reject_and_close(http::status status,
                                                       std::string_view detail) {
  HttpResponse response;
  host_.dispatcher().reject(11, status, detail, remote_, response);
  stream_.expires_after(host_.config().write_timeout);
  auto [ec, n] = co_await http::async_write(stream_, response, kTuple);
  if (!ec) co_await lingering_close();
}

asio::awaitable<void> HttpConnection::lingering_close() {
  // Closing with unread input makes the kernel send a reset, which can destroy the error response
  // before the client reads it. Stop sending, then read and discard what the client still sends,
  // for a bounded time and amount.
  boost::system::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::min(host_.config().read_timeout, std::chrono::milliseconds{2000}));
  std::size_t discarded = 0;
  char scratch[8192];
  while (discarded < 1024 * 1024) {
    auto [read_ec, n] = co_await stream_.async_read_some(asio::buffer(scratch), kTuple);
    if (read_ec) break;
    discarded += n;
  }
}

}  // namespace strikeline
