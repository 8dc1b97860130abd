#include "feed/kite/kite_ticker_client.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/url.hpp>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

namespace strikeline::kite {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

namespace {

std::string token_list(const std::vector<std::uint32_t>& tokens) {
  std::string out = "[";
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(tokens[i]);
  }
  return out + "]";
}

struct Endpoint {
  bool tls = true;
  std::string host, port, target;
};

std::optional<Endpoint> endpoint_of(const std::string& url, const KiteCredentials* credentials,
                                    std::string* error) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    *error = "not a URL";
    return std::nullopt;
  }
  boost::urls::url u = *parsed;
  Endpoint e;
  if (u.scheme() == "wss") {
    e.tls = true;
  } else if (u.scheme() == "ws") {
    e.tls = false;
  } else {
    *error = "the scheme must be ws:// or wss://";
    return std::nullopt;
  }
  e.host = std::string(u.host_address());
  if (e.host.empty()) {
    *error = "no host";
    return std::nullopt;
  }
  e.port = u.has_port() ? std::string(u.port()) : (e.tls ? "443" : "80");
  if (credentials) {
    u.params().set("api_key", credentials->api_key);
    u.params().set("access_token", credentials->access_token);
  }
  if (u.encoded_path().empty()) u.set_path("/");
  e.target = std::string(u.encoded_target());
  return e;
}

// One connection: the WebSocket stream and its queue of outgoing text messages.
template <class NextLayer>
struct Connection : std::enable_shared_from_this<Connection<NextLayer>> {
  template <class... Args>
  explicit Connection(Args&&... args) : ws(std::forward<Args>(args)...) {}

  void send(std::string message) {
    outbox.push_back(std::move(message));
    if (!writing) write_next();
  }
  void write_next() {
    if (outbox.empty()) {
      writing = false;
      return;
    }
    writing = true;
    ws.async_write(asio::buffer(outbox.front()),
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                     self->outbox.pop_front();
                     if (ec) {
                       self->writing = false;
                       self->outbox.clear();
                       return;
                     }
                     self->write_next();
                   });
  }

  websocket::stream<NextLayer> ws;
  std::deque<std::string> outbox;
  bool writing = false;
};

}  // namespace

std::string subscribe_request(const std::vector<std::uint32_t>& tokens) {
  return R"({"a":"subscribe","v":)" + token_list(tokens) + "}";
}
std::string unsubscribe_request(const std::vector<std::uint32_t>& tokens) {
  return R"({"a":"unsubscribe","v":)" + token_list(tokens) + "}";
}
std::string mode_request(PacketMode mode, const std::vector<std::uint32_t>& tokens) {
  return R"({"a":"mode","v":[")" + std::string(mode_name(mode)) + "\"," + token_list(tokens) + "]}";
}

std::string redacted_url(const std::string& url) {
  const auto q = url.find('?');
  return q == std::string::npos ? url : url.substr(0, q);
}

std::optional<std::string> check_ticker_url(const std::string& url) {
  std::string error;
  if (!endpoint_of(url, nullptr, &error)) return error;
  return std::nullopt;
}

struct KiteTickerClient::Impl : std::enable_shared_from_this<Impl> {
  Impl(KiteClientOptions o, KiteClientHandlers h)
      : options(std::move(o)),
        handlers(std::move(h)),
        backoff(options.backoff,
                options.jitter_seed ? options.jitter_seed : std::random_device{}()),
        ssl_context(ssl::context::tls_client) {
    ssl_context.set_default_verify_paths();
    ssl_context.set_verify_mode(ssl::verify_peer);
  }

  awaitable<void> run() {
    std::string error;
    const auto endpoint = endpoint_of(options.url, &options.credentials, &error);
    if (!endpoint) {
      record_error("bad ticker URL " + redacted_url(options.url) + ": " + error);
      co_return;
    }
    while (!stopping.load()) {
      received_data = false;
      std::string reason = "closed";
      try {
        if (endpoint->tls) {
          co_await session(
              std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(io, ssl_context),
              *endpoint);
        } else {
          co_await session(std::make_shared<Connection<beast::tcp_stream>>(io), *endpoint);
        }
      } catch (const boost::system::system_error& e) {
        reason = e.code().message();
      } catch (const std::exception& e) {
        reason = e.what();
      }
      send_ = nullptr;
      if (stopping.load()) break;
      {
        std::lock_guard lock(mutex);
        if (stats_.connected) ++stats_.disconnects;
        stats_.connected = false;
        ++stats_.failed_attempts;
      }
      record_error(reason);
      if (handlers.on_disconnected) handlers.on_disconnected(reason);
      if (received_data) backoff.reset();
      const auto delay = backoff.next();
      spdlog::warn("kite: connection to {} lost or refused ({}); reconnecting in {} ms",
                   redacted_url(options.url), reason, delay.count());
      asio::steady_timer retry_timer(io, delay);
      beast::error_code ec;
      co_await retry_timer.async_wait(asio::redirect_error(use_awaitable, ec));
    }
  }

  template <class NextLayer>
  awaitable<void> session(std::shared_ptr<Connection<NextLayer>> c, const Endpoint& e) {
    tcp::resolver resolver(io);
    const auto addresses = co_await resolver.async_resolve(e.host, e.port, use_awaitable);
    auto& socket = beast::get_lowest_layer(c->ws);
    socket.expires_after(options.handshake_timeout);
    co_await socket.async_connect(addresses, use_awaitable);
    if constexpr (!std::is_same_v<NextLayer, beast::tcp_stream>) {
      auto& tls = c->ws.next_layer();
      if (!SSL_set_tlsext_host_name(tls.native_handle(), e.host.c_str())) {
        throw std::runtime_error("cannot set the TLS server name");
      }
      tls.set_verify_callback(ssl::host_name_verification(e.host));
      co_await tls.async_handshake(ssl::stream_base::client, use_awaitable);
    }
    socket.expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options.handshake_timeout;
    timeouts.idle_timeout = options.idle_timeout;
    timeouts.keep_alive_pings = false;
    c->ws.set_option(timeouts);
    c->ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "strikeline");
      req.set("X-Kite-Version", "3");
    }));
    c->ws.read_message_max(4 << 20);
    co_await c->ws.async_handshake(e.host, e.target, use_awaitable);
    c->ws.text(true);
    send_ = [c](std::string message) { c->send(std::move(message)); };
    if (!tokens.empty()) {
      const std::vector<std::uint32_t> all(tokens.begin(), tokens.end());
      c->send(subscribe_request(all));
      c->send(mode_request(options.mode, all));
    }
    {
      std::lock_guard lock(mutex);
      if (++stats_.connects > 1) ++stats_.reconnects;
      stats_.connected = true;
    }
    spdlog::info("kite: connected to {}, {} instruments subscribed", redacted_url(options.url),
                 tokens.size());
    if (handlers.on_connected) handlers.on_connected();
    beast::flat_buffer buffer;
    for (;;) {
      buffer.clear();
      co_await c->ws.async_read(buffer, use_awaitable);
      received_data = true;
      const Timestamp received =
          std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
      const auto data = buffer.cdata();
      if (c->ws.got_binary()) {
        const FrameParse parsed = parse_binary_message(std::span<const std::uint8_t>(
            static_cast<const std::uint8_t*>(data.data()), data.size()));
        bool deliver = false;
        {
          std::lock_guard lock(mutex);
          if (!parsed.ok()) {
            if (stats_.malformed_frames++ == 0) {
              spdlog::warn("kite: malformed frame ({}) of {} bytes", describe(*parsed.error),
                           data.size());
            }
          } else if (parsed.frame.heartbeat) {
            ++stats_.heartbeats;
          } else {
            ++stats_.frames;
            stats_.packets += parsed.frame.packets.size();
            deliver = true;
          }
        }
        if (deliver && handlers.on_frame) {
          try {
            handlers.on_frame(parsed.frame, received);
          } catch (const std::exception& ex) {
            spdlog::error("kite: frame handler failed: {}", ex.what());
          }
        }
      } else {
        const std::string_view text(static_cast<const char*>(data.data()), data.size());
        {
          std::lock_guard lock(mutex);
          ++stats_.text_messages;
        }
        if (auto message = parse_text_message(text)) {
          if (message->type == KiteTextMessage::Type::error) {
            spdlog::warn("kite: error message: {}", message->data);
          }
          if (handlers.on_text) handlers.on_text(*message);
        }
      }
    }
  }

  void change(std::vector<std::uint32_t> list, bool add) {
    asio::post(io, [self = shared_from_this(), list = std::move(list), add] {
      std::vector<std::uint32_t> changed;
      for (std::uint32_t t : list) {
        if (add ? self->tokens.insert(t).second : self->tokens.erase(t) > 0) changed.push_back(t);
      }
      if (changed.empty() || !self->send_) return;
      if (add) {
        self->send_(subscribe_request(changed));
        self->send_(mode_request(self->options.mode, changed));
      } else {
        self->send_(unsubscribe_request(changed));
      }
    });
  }

  void record_error(const std::string& reason) {
    std::lock_guard lock(mutex);
    stats_.last_error = reason;
  }

  KiteClientOptions options;
  KiteClientHandlers handlers;
  ReconnectBackoff backoff;
  ssl::context ssl_context;  // outlives the io_context and the connections it destroys
  asio::io_context io;
  std::set<std::uint32_t> tokens;          // io thread only
  std::function<void(std::string)> send_;  // io thread only; set while connected
  bool received_data = false;              // io thread only
  std::atomic<bool> stopping{false};
  std::thread thread;
  mutable std::mutex mutex;
  KiteClientStats stats_;
};

KiteTickerClient::KiteTickerClient(KiteClientOptions options, KiteClientHandlers handlers)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handlers))) {}

KiteTickerClient::~KiteTickerClient() {
  stop();
}

void KiteTickerClient::start() {
  if (impl_->thread.joinable()) return;
  asio::co_spawn(impl_->io, impl_->run(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("kite: ticker client stopped: {}", ex.what());
    }
  });
  impl_->thread = std::thread([impl = impl_] {
    auto guard = asio::make_work_guard(impl->io);
    impl->io.run();
  });
}

void KiteTickerClient::stop() {
  impl_->stopping = true;
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  std::lock_guard lock(impl_->mutex);
  impl_->stats_.connected = false;
}

void KiteTickerClient::subscribe(std::vector<std::uint32_t> tokens) {
  impl_->change(std::move(tokens), true);
}

void KiteTickerClient::unsubscribe(std::vector<std::uint32_t> tokens) {
  impl_->change(std::move(tokens), false);
}

KiteClientStats KiteTickerClient::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->stats_;
}

}  // namespace strikeline::kite
