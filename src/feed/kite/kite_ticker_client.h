// KiteTickerClient: the Kite Connect ticker WebSocket connection. It connects to the configured URL
// (wss:// over TLS with certificate and host name verification; ws:// in plain for local tests),
// passing api_key and access_token as query parameters, subscribes the current token set in the
// configured mode, and delivers each binary frame (parsed; heartbeats and malformed frames are only
// counted) and text message to the handlers, on the client's own thread. When the connection fails
// or stays silent longer than the idle timeout (Kite heartbeats every second), it reconnects after
// an exponential backoff with jitter and subscribes the whole current set again. subscribe() and
// unsubscribe() may be called from any thread (handlers included); they take effect at once when
// connected and are remembered for reconnections. Log lines and errors never contain the
// credentials (the URL is logged without its query).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/timestamp.h"
#include "feed/kite/kite_credentials.h"
#include "feed/kite/kite_frame.h"
#include "feed/kite/kite_text_message.h"
#include "feed/kite/reconnect_backoff.h"

namespace strikeline::kite {

inline constexpr std::string_view kDefaultTickerUrl = "wss://ws.kite.trade";

struct KiteClientOptions {
  std::string url = std::string(kDefaultTickerUrl);
  KiteCredentials credentials;
  PacketMode mode = PacketMode::full;
  BackoffPolicy backoff;
  std::uint64_t jitter_seed = 0;  // 0: random
  std::chrono::milliseconds idle_timeout{10'000};
  std::chrono::milliseconds handshake_timeout{15'000};
};

struct KiteClientHandlers {
  std::function<void(const KiteFrame&, Timestamp received)> on_frame;
  std::function<void(const KiteTextMessage&)> on_text;
  std::function<void()> on_connected;  // after the (re)subscription was sent
  std::function<void(const std::string& reason)> on_disconnected;
};

struct KiteClientStats {
  std::uint64_t connects = 0, reconnects = 0, disconnects = 0, frames = 0, packets = 0,
                heartbeats = 0;
  std::uint64_t failed_attempts = 0;  // connections refused, lost or timed out
  std::uint64_t malformed_frames = 0, text_messages = 0;
  bool connected = false;
  std::string last_error;  // never holds credentials
};

// {"a":"subscribe","v":[...]}, {"a":"unsubscribe","v":[...]}, {"a":"mode","v":["full",[...]]}.
std::string subscribe_request(const std::vector<std::uint32_t>& tokens);
std::string unsubscribe_request(const std::vector<std::uint32_t>& tokens);
std::string mode_request(PacketMode mode, const std::vector<std::uint32_t>& tokens);

// The URL with its query removed, for logs.
std::string redacted_url(const std::string& url);
// Checks the URL (ws:// or wss://, a host); nullopt when usable, else why not.
[[nodiscard]] std::optional<std::string> check_ticker_url(const std::string& url);

class KiteTickerClient {
 public:
  KiteTickerClient(KiteClientOptions options, KiteClientHandlers handlers);
  ~KiteTickerClient();
  KiteTickerClient(const KiteTickerClient&) = delete;
  KiteTickerClient& operator=(const KiteTickerClient&) = delete;

  void start();
  void stop();
  void subscribe(std::vector<std::uint32_t> tokens);
  void unsubscribe(std::vector<std::uint32_t> tokens);

  KiteClientStats stats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace strikeline::kite
