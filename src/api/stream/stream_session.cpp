#include "api/stream/stream_session.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>

#include "api/json_writer.h"
#include "api/stream/stream_hub.h"

namespace strikeline {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

std::shared_ptr<const std::string> error_message(std::string_view detail) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().field("type", "error").field("detail", detail).end_object();
  return std::make_shared<const std::string>(std::move(out));
}

const std::shared_ptr<const std::string>& ping_message() {
  static const auto ping = std::make_shared<const std::string>(R"({"type":"ping"})");
  return ping;
}

class StreamSession final : public StreamClient,
                            public std::enable_shared_from_this<StreamSession> {
 public:
  StreamSession(beast::tcp_stream&& stream, ConnectionSlot slot, StreamHub& hub)
      : ws_(std::move(stream)),
        slot_(std::move(slot)),
        hub_(hub),
        options_(hub.options()),
        ping_timer_(ws_.get_executor()),
        close_timer_(ws_.get_executor()) {}

  asio::any_io_executor executor() { return ws_.get_executor(); }

  static asio::awaitable<void> run(std::shared_ptr<StreamSession> self, HttpRequest request) {
    co_await self->serve(std::move(request));
    self->finish();
  }

  void deliver(std::shared_ptr<const std::string> message) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), m = std::move(message)]() mutable {
      self->enqueue(std::move(m));
    });
  }

  void close() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] { self->close_going_away(); });
  }

 private:
  asio::awaitable<void> serve(HttpRequest request) {
    beast::get_lowest_layer(ws_).expires_never();
    if (options_.send_buffer_bytes > 0) {
      boost::system::error_code ignored;
      beast::get_lowest_layer(ws_).socket().set_option(
          asio::socket_base::send_buffer_size(options_.send_buffer_bytes), ignored);
    }
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options_.handshake_timeout;
    // Keep-alive pings after a quiet half of this; a peer that answers nothing is closed.
    timeouts.idle_timeout =
        std::max<Clock::duration>(2 * options_.ping_interval, std::chrono::seconds{2});
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "strikeline"); }));
    ws_.read_message_max(options_.max_client_message_bytes);
    // permessage-deflate when the client offers it (RFC 7692): fo_bucket messages are JSON of a
    // few kilobytes that compress several times; a low level keeps the per-client cost small, and
    // short messages (pings, acknowledgements) go as they are.
    websocket::permessage_deflate deflate;
    deflate.server_enable = true;
    deflate.compLevel = 3;
    deflate.msg_size_threshold = 256;
    ws_.set_option(deflate);
    auto [accept_ec] = co_await ws_.async_accept(request, kTuple);
    if (accept_ec) co_return;
    ws_.text(true);
    if (!hub_.attach(shared_from_this())) {
      closed_ = true;
      co_await ws_.async_close(websocket::close_code::going_away, kTuple);
      co_return;
    }
    attached_ = true;
    schedule_ping();
    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, n] = co_await ws_.async_read(buffer, kTuple);
      if (ec) break;
      if (!ws_.got_text()) {
        buffer.consume(buffer.size());
        enqueue(error_message("binary messages are not accepted; send JSON text"));
        continue;
      }
      const std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      handle(text);
    }
  }

  void handle(const std::string& text) {
    std::string error;
    auto command = parse_stream_command(text, error);
    if (!command) return enqueue(error_message(error));
    try {
      if (command->action == StreamCommand::Action::subscribe) {
        auto messages = hub_.subscribe(this, command->subscription, error);
        if (!error.empty()) return enqueue(error_message(error));
        for (std::string& m : messages) enqueue(std::make_shared<const std::string>(std::move(m)));
      } else {
        enqueue(std::make_shared<const std::string>(hub_.unsubscribe(this, command->unsubscribe)));
      }
    } catch (const std::exception&) {
      enqueue(
          error_message("the current state could not be read (storage unavailable); the "
                        "subscription stays and changes will be sent"));
    }
  }

  void enqueue(std::shared_ptr<const std::string> message) {
    if (closed_) return;
    const std::size_t limit = std::max<std::size_t>(options_.queue_limit, 2);
    if (queue_.size() >= limit) {
      // Drop the oldest message not being written right now.
      queue_.erase(writing_ ? queue_.begin() + 1 : queue_.begin());
      hub_.metrics().dropped.inc();
      const auto now = Clock::now();
      if (!behind_since_) {
        behind_since_ = now;
      } else if (now - *behind_since_ >= options_.behind_limit) {
        hub_.metrics().disconnected_behind.inc();
        shutdown();
        return;
      }
    }
    queue_.push_back(std::move(message));
    if (!writing_) write_next();
  }

  void write_next() {
    if (queue_.empty() || closed_) {
      writing_ = false;
      if (closing_ && !closed_) close_going_away();
      return;
    }
    writing_ = true;
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      // shutdown() may have emptied the queue meanwhile.
                      if (!self->queue_.empty()) self->queue_.pop_front();
                      if (ec) {
                        self->writing_ = false;
                        self->shutdown();
                        return;
                      }
                      self->hub_.metrics().sent.inc();
                      if (self->queue_.size() <= self->options_.queue_limit / 2) {
                        self->behind_since_.reset();
                      }
                      self->write_next();
                    });
  }

  void schedule_ping() {
    ping_timer_.expires_after(options_.ping_interval);
    ping_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->closed_) return;
      self->enqueue(ping_message());
      self->schedule_ping();
    });
  }

  // Server stopping: a close frame once the message in hand is written; at most a second.
  void close_going_away() {
    if (closed_) return;
    closing_ = true;
    if (!close_timer_armed_) {
      close_timer_armed_ = true;
      close_timer_.expires_after(std::chrono::seconds{1});
      close_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (!ec) self->shutdown();
      });
    }
    if (writing_) return;  // write_next() comes back here
    closed_ = true;
    ping_timer_.cancel();
    queue_.clear();
    ws_.async_close(websocket::close_code::going_away,
                    [self = shared_from_this()](boost::system::error_code) { self->shutdown(); });
  }

  // Ends the connection at once: pending reads and writes complete with an error.
  void shutdown() {
    closed_ = true;
    ping_timer_.cancel();
    close_timer_.cancel();
    queue_.clear();
    boost::system::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  // The read loop ended (the peer left, closed, or the socket was shut): nothing more can be
  // exchanged, so end every pending operation (a close handshake in progress included) at once.
  void finish() {
    shutdown();
    if (attached_) hub_.detach(this);
    attached_ = false;
    slot_.reset();  // the connection's place under max_connections is free again
  }

  websocket::stream<beast::tcp_stream> ws_;
  ConnectionSlot slot_;
  StreamHub& hub_;
  const StreamOptions& options_;
  asio::steady_timer ping_timer_;
  asio::steady_timer close_timer_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::optional<Clock::time_point> behind_since_;
  bool writing_ = false;
  bool closing_ = false;
  bool closed_ = false;
  bool close_timer_armed_ = false;
  bool attached_ = false;
};

}  // namespace

void start_stream_session(beast::tcp_stream&& stream, HttpRequest&& request, ConnectionSlot slot,
                          StreamHub& hub) {
  auto session = std::make_shared<StreamSession>(std::move(stream), std::move(slot), hub);
  asio::co_spawn(session->executor(), StreamSession::run(session, std::move(request)),
                 asio::detached);
}

}  // namespace strikeline
