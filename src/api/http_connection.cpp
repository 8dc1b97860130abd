#include "api/http_connection.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <string>

#include "api/error_response.h"
#include "api/request_target.h"
#include "core/text.h"

namespace strikeline {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Bodies are read in pieces of this size (a streamed route sees each piece).
constexpr std::size_t kPieceBytes = 64 * 1024;

// A reserved slot (a /health probe past the connection limits) is held this long at most.
constexpr std::chrono::milliseconds kReservedSlotTimeout{2000};

bool is_http_parse_error(const boost::system::error_code& ec) {
  return ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::need_buffer;
}

bool is_health_probe(const HttpRequest& req) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) return false;
  auto target = parse_request_target({req.target().data(), req.target().size()});
  return target && target.value().path == "/health";
}

}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, ConnectionHost& host,
                               ConnectionSlot slot, bool reserved)
    : stream_(std::move(socket)),
      grace_timer_(stream_.get_executor()),
      host_(host),
      reserved_(reserved),
      slot_(std::move(slot)) {
  boost::system::error_code ec;
  remote_ = client_key(stream_.socket().remote_endpoint(ec).address());
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

void HttpConnection::evict() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->force_close(); });
}

void HttpConnection::force_close() {
  draining_ = true;
  boost::system::error_code ec;
  stream_.socket().close(ec);
}

template <typename Sink>
asio::awaitable<boost::system::error_code> HttpConnection::read_body(BodyParser& parser,
                                                                     Sink&& sink) {
  if (!piece_) piece_ = std::make_unique<char[]>(kPieceBytes);
  while (!parser.is_done()) {
    parser.get().body().data = piece_.get();
    parser.get().body().size = kPieceBytes;
    // A deadline per piece: a body may take as long as it keeps coming.
    stream_.expires_after(host_.config().read_timeout);
    auto [ec, n] = co_await http::async_read_some(stream_, buffer_, parser, kTuple);
    if (ec == http::error::need_buffer) ec = {};
    const std::size_t got = kPieceBytes - parser.get().body().size;
    if (got > 0 && !sink(std::string_view(piece_.get(), got))) break;
    if (ec) co_return ec;
  }
  co_return boost::system::error_code{};
}

asio::awaitable<bool> HttpConnection::send_continue(const HttpRequest& req,
                                                    const BodyParser& parser) {
  if (parser.is_done() || req.version() < 11) co_return true;
  const auto expect = req[http::field::expect];
  if (!iequals(trim({expect.data(), expect.size()}), "100-continue")) co_return true;
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  stream_.expires_after(host_.config().write_timeout);
  auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(kContinue), kTuple);
  co_return !ec;
}

asio::awaitable<bool> HttpConnection::on_handler_pool(std::function<void()> work) {
  // Runs `work` on the pool and resumes this coroutine on the connection's own thread (a plain
  // handler, not a coroutine on the pool: GCC 12 destroys a spawned lambda coroutine's captures
  // twice).
  co_await asio::async_initiate<decltype(asio::use_awaitable), void()>(
      [this](auto handler, std::function<void()> w) {
        auto guard = asio::make_work_guard(stream_.get_executor());
        asio::post(host_.handler_executor(), [w = std::move(w), handler = std::move(handler),
                                              guard = std::move(guard)]() mutable {
          w();
          auto io = guard.get_executor();
          asio::post(io, std::move(handler));
          guard.reset();
        });
      },
      asio::use_awaitable, std::move(work));
  co_return true;
}

asio::awaitable<bool> HttpConnection::answer(RequestDispatcher::Pending& pending,
                                             const HttpRequest& req, HttpResponse& res,
                                             bool body_unread) {
  const ServerConfig& config = host_.config();
  if (body_unread || draining_ || host_.draining()) res.keep_alive(false);
  // The answer's memory stays taken until the client has read it: hold it against the budgets
  // (all but the vital inline answers, /health and /metrics, which are small).
  const bool vital = pending.route && pending.route->runs_inline;
  std::string& body = res.body();
  if (body.size() > 64 * 1024 && body.capacity() > body.size() + body.size() / 4) {
    body.shrink_to_fit();  // the slack of a grown buffer would be held too
  }
  std::size_t held = vital ? 0 : body.capacity();
  if (!vital && !host_.admission().hold_answer(remote_, held)) {
    HttpResponse refused;
    refused.version(res.version());
    refused.keep_alive(res.keep_alive());
    host_.dispatcher().overloaded(
        refused, "too many answers are waiting for their clients to read them; retry shortly");
    res = std::move(refused);  // the large body is freed here
    held = res.body().capacity();
    host_.admission().hold_answer(remote_, held);
  }
  host_.dispatcher().complete(pending, req, remote_, res);
  stream_.expires_after(config.write_timeout);
  auto [ec, written] = co_await http::async_write(stream_, res, kTuple);
  if (held > 0) host_.admission().release_answer(remote_, held);
  const bool keep_alive = res.keep_alive();
  res = HttpResponse{};
  if (ec) co_return false;
  if (!keep_alive) {
    if (body_unread) co_await lingering_close();
    co_return false;
  }
  co_return true;
}

asio::awaitable<void> HttpConnection::run() {
  const ServerConfig& config = host_.config();
  const RequestDispatcher& dispatcher = host_.dispatcher();
  bool first_request = true;
  for (;;) {
    if (buffer_.size() == 0) {
      // Idle: wait for the first byte of the next request (a new connection only
      // first_byte_timeout long; during a stop only drain_grace long).
      idle_ = true;
      if (buffer_.capacity() > 16 * 1024) buffer_.shrink_to_fit();
      auto wait = first_request ? config.first_byte_timeout : config.idle_timeout;
      if (reserved_) wait = std::min<std::chrono::milliseconds>(wait, kReservedSlotTimeout);
      if (draining_ || host_.draining()) wait = std::min(wait, config.drain_grace);
      stream_.expires_after(wait);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(8192), kTuple);
      idle_ = false;
      if (ec) co_return;  // the client left, idled out, or the server is draining
      buffer_.commit(n);
    }
    first_request = false;
    idle_ = false;

    // The header first: the route decides the body limit and whether the body is streamed.
    BodyParser parser;
    parser.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
    parser.body_limit(host_.router().largest_body_limit(config.max_body_bytes));
    stream_.expires_after(
        reserved_ ? std::min<std::chrono::milliseconds>(config.read_timeout, kReservedSlotTimeout)
                  : config.read_timeout);
    auto [header_ec, header_n] = co_await http::async_read_header(stream_, buffer_, parser, kTuple);
    // The parser's own limit counts per piece read; the documented limit is on the whole header.
    if (!header_ec && header_n > config.max_header_bytes) header_ec = http::error::header_limit;
    if (header_ec) {
      if (header_ec == beast::error::timeout) {
        host_.metrics().read_timeouts.inc();
      } else if (header_ec == http::error::header_limit) {
        co_await reject_and_close(http::status::request_header_fields_too_large,
                                  "request line and headers too large: at most " +
                                      std::to_string(config.max_header_bytes) +
                                      " bytes (shorten the URL or headers)");
      } else if (header_ec == http::error::body_limit) {  // a Content-Length beyond every route's
        co_await reject_and_close(
            http::status::payload_too_large,
            "request body too large: at most " +
                std::to_string(host_.router().largest_body_limit(config.max_body_bytes)) +
                " bytes");
      } else if (is_http_parse_error(header_ec)) {
        co_await reject_and_close(http::status::bad_request, "malformed HTTP request");
      }
      co_return;
    }
    awaiting_request_ = false;
    HttpRequest req;
    req.base() = parser.get().base();

    const auto host_header = req[http::field::host];
    if (!host_.hosts().allows({host_header.data(), host_header.size()})) {
      co_await reject_and_close(http::status::misdirected_request,
                                "this server does not answer for the host " +
                                    quote_value({host_header.data(), host_header.size()}) +
                                    " (answered: " + host_.hosts().describe() +
                                    "; start serve with --allowed-host NAME to add one)",
                                &req);
      co_return;
    }
    if (reserved_ && !is_health_probe(req)) {
      co_await reject_and_close(http::status::service_unavailable,
                                "the server is at its connection limit; retry shortly", &req);
      co_return;
    }

    if (req.count(http::field::upgrade) != 0) {
      const auto protocol = req[http::field::upgrade];
      auto target = parse_request_target({req.target().data(), req.target().size()});
      if (target) {
        if (const UpgradeRoute* up = host_.router().match_upgrade(
                target.value().path, {protocol.data(), protocol.size()})) {
          stream_.expires_never();
          handed_off_ = true;
          up->handler(std::move(stream_), std::move(req), std::move(slot_));
          co_return;
        }
      }
    }

    HttpResponse res;
    RequestDispatcher::Pending pending = dispatcher.begin(req, res);
    const Route* route = pending.route;
    const std::size_t body_limit =
        route && route->max_body_bytes != 0 ? route->max_body_bytes : config.max_body_bytes;
    parser.body_limit(body_limit);
    if (parser.content_length() && *parser.content_length() > body_limit) {
      write_error(res, http::status::payload_too_large,
                  "request body too large: at most " + std::to_string(body_limit) + " bytes");
      co_await answer(pending, req, res, true);
      co_return;
    }

    // The body, its errors answered like a bad header's.
    std::optional<http::status> body_error;
    std::string body_detail;
    auto body_failed = [&](const boost::system::error_code& ec) {
      if (ec == beast::error::timeout) {
        host_.metrics().read_timeouts.inc();
      } else if (ec == http::error::body_limit) {
        body_error = http::status::payload_too_large;
        body_detail = "request body too large: at most " + std::to_string(body_limit) + " bytes";
      } else if (is_http_parse_error(ec)) {
        body_error = http::status::bad_request;
        body_detail = "malformed HTTP request";
      }
    };

    if (route && route->streaming) {
      std::unique_ptr<BodyReader> reader = dispatcher.open_body(pending, req, remote_, res);
      if (!reader) {  // refused on the header: the body is not read
        if (!co_await answer(pending, req, res, !parser.is_done())) co_return;
        continue;
      }
      if (!co_await send_continue(req, parser)) co_return;
      bool stopped = false;
      const auto ec = co_await read_body(parser, [&](std::string_view piece) {
        stopped = !reader->consume(piece);
        return !stopped;
      });
      piece_.reset();
      if (ec) {
        body_failed(ec);
        reader.reset();
        if (!body_error) {  // the client stalled or left: nothing to answer
          dispatcher.abandon(pending);
          co_return;
        }
        write_error(res, *body_error, body_detail);
        co_await answer(pending, req, res, true);
        co_return;
      }
      co_await on_handler_pool([&] { dispatcher.finish_body(pending, *reader, res); });
      reader.reset();  // frees what the body was read into
      if (!co_await answer(pending, req, res, stopped)) co_return;
      continue;
    }

    if (!parser.is_done()) {
      if (!co_await send_continue(req, parser)) co_return;
      const auto ec = co_await read_body(parser, [&](std::string_view piece) {
        req.body().append(piece);
        return true;
      });
      piece_.reset();
      if (ec) {
        body_failed(ec);
        if (!body_error) {
          dispatcher.abandon(pending);
          co_return;
        }
        write_error(res, *body_error, body_detail);
        co_await answer(pending, req, res, true);
        co_return;
      }
    }
    if (route) {
      if (route->runs_inline) {
        dispatcher.run(pending, req, remote_, res);
      } else {
        co_await on_handler_pool([&] {
          // Checked when the handler's turn comes: requests queued behind large answers that
          // are still unread are not computed only to be refused.
          if (host_.admission().answers_exhausted(remote_)) {
            dispatcher.overloaded(res,
                                  "too many answers are waiting for their clients to read them; "
                                  "retry shortly");
          } else {
            dispatcher.run(pending, req, remote_, res);
          }
        });
      }
    }
    if (!co_await answer(pending, req, res, false)) co_return;
  }
}

asio::awaitable<void> HttpConnection::reject_and_close(http::status status, std::string_view detail,
                                                       const HttpRequest* req) {
  HttpResponse response;
  host_.dispatcher().reject(req ? req->version() : 11, status, detail, remote_, response, req);
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
