// The ticker client against a local WebSocket server (127.0.0.1, Beast) that checks the
// credentials, records the subscription requests, replays captured-layout frames and drops the
// connection: the client reconnects, subscribes again, and the decoded ticks fed through the bar
// aggregator give exactly the bars of the frames sent, none duplicated or lost.
#include "feed/kite/kite_ticker_client.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bars/bar_aggregator.h"
#include "feed/kite/kite_tick_mapper.h"
#include "kite_frame_encoder.h"

using namespace strikeline;
using namespace strikeline::kite;
using namespace strikeline::kite::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr std::uint32_t kIndex = 256265;
constexpr std::uint32_t kCall = 12170498;
constexpr std::uint32_t kPut = 12170754;
// 2025-11-04 10:00:00 IST.
constexpr std::uint32_t kStart = 1762230600;

InstrumentCatalogue catalogue() {
  using namespace std::chrono;
  InstrumentCatalogue c;
  KiteInstrument index;
  index.token = kIndex;
  index.kind = KiteInstrument::Kind::index;
  index.symbol = "NIFTY";
  c.add(index);
  for (auto [token, side] : {std::pair{kCall, Side::call}, std::pair{kPut, Side::put}}) {
    KiteInstrument o;
    o.token = token;
    o.symbol = "NIFTY";
    o.expiry = sys_days{2025y / November / 11};
    o.strike = strike_rupees(24500);
    o.side = side;
    c.add(o);
  }
  return c;
}

// Frame i: index at 24500 + i, call and put full packets at kStart + 20 s * i (three per minute),
// rising volume and OI.
std::vector<std::uint8_t> frame(int i) {
  PacketBuilder index;
  index.u32(kIndex).i32(2450000 + 100 * i).i32(0).i32(0).i32(0).i32(2440000).i32(0);
  index.u32(kStart + 20 * static_cast<std::uint32_t>(i));
  std::vector<std::vector<std::uint8_t>> packets{index.bytes()};
  for (std::uint32_t token : {kCall, kPut}) {
    FullQuote q;
    q.token = token;
    q.last = (token == kCall ? 15000 : 14000) + 25 * i;
    q.volume = 75u * 100u * static_cast<std::uint32_t>(i + 1);
    q.oi = 1'000'000u + 7'500u * static_cast<std::uint32_t>(i);
    q.exchange_time = kStart + 20 * static_cast<std::uint32_t>(i);
    q.last_trade_time = q.exchange_time;
    q.bid = q.last - 5;
    q.ask = q.last + 5;
    q.bid_quantity = q.ask_quantity = 75;
    packets.push_back(full_packet(q));
  }
  return frame_of(packets);
}

// The local ticker: connection 1 gets frames 0..4 and is dropped; connection 2 gets frame 4 again
// (Kite replays the current state after a subscription) and frames 5..9, then stays open.
class LocalTicker {
 public:
  LocalTicker() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] {
      try {
        serve();
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        error_ = e.what();
      }
    });
  }
  ~LocalTicker() {
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    done_.notify_all();
    acceptor_.close();
    if (thread_.joinable()) thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  std::vector<std::string> targets, requests;  // read after the client stopped
  std::string error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void serve() {
    for (int connection = 0; connection < 2; ++connection) {
      tcp::socket socket(io_);
      acceptor_.accept(socket);
      websocket::stream<tcp::socket> ws(std::move(socket));
      beast::http::request<beast::http::string_body> request;
      beast::flat_buffer buffer;
      beast::http::read(ws.next_layer(), buffer, request);
      targets.emplace_back(request.target());
      ws.accept(request);
      for (int i = 0; i < 2; ++i) {  // subscribe, mode
        beast::flat_buffer message;
        ws.read(message);
        requests.push_back(beast::buffers_to_string(message.data()));
      }
      ws.binary(true);
      const std::uint8_t heartbeat = 0;
      ws.write(asio::buffer(&heartbeat, 1));
      const std::vector<std::uint8_t> garbage{0, 3, 0, 8, 1};
      ws.write(asio::buffer(garbage));  // malformed: counted, not delivered
      for (int i = connection == 0 ? 0 : 4; i < (connection == 0 ? 5 : 10); ++i) {
        ws.write(asio::buffer(frame(i)));
      }
      ws.text(true);
      ws.write(asio::buffer(std::string(R"({"type":"message","data":"hello"})")));
      if (connection == 0) {
        // Drop: no close frame, the TCP connection just goes away.
        ws.next_layer().shutdown(tcp::socket::shutdown_both);
        ws.next_layer().close();
        continue;
      }
      std::unique_lock lock(mutex_);
      done_.wait_for(lock, 30s, [this] { return finished_; });
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  std::string error_;
};

}  // namespace

TEST(KiteTickerClient, ResubscribesAfterADropAndLosesOrDuplicatesNoBar) {
  const InstrumentCatalogue instruments = catalogue();
  LocalTicker server;
  KiteClientOptions options;
  options.url = "ws://127.0.0.1:" + std::to_string(server.port());
  options.credentials = {"test_key", "test_token_0123456789"};
  options.backoff = {.initial = 20ms, .max = 200ms, .multiplier = 2.0, .jitter = 0.5};
  options.jitter_seed = 3;
  options.idle_timeout = 20s;

  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<MarketEvent> events;
  KiteTickMapper mapper(instruments);
  int texts = 0;
  KiteClientHandlers handlers;
  handlers.on_frame = [&](const KiteFrame& f, Timestamp received) {
    std::lock_guard lock(mutex);
    mapper.map(f.packets, received, events);
    arrived.notify_all();
  };
  handlers.on_text = [&](const KiteTextMessage& m) {
    std::lock_guard lock(mutex);
    if (m.type == KiteTextMessage::Type::message && m.data == "hello") ++texts;
    arrived.notify_all();
  };
  KiteTickerClient client(options, handlers);
  client.subscribe({kCall, kIndex, kPut});
  client.start();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(arrived.wait_for(lock, 20s, [&] { return events.size() >= 30 && texts == 2; }))
        << "events " << events.size() << ", texts " << texts << ", server: " << server.error();
  }
  const KiteClientStats stats = client.stats();
  client.stop();

  EXPECT_EQ(stats.connects, 2u);
  EXPECT_EQ(stats.disconnects, 1u);
  EXPECT_EQ(stats.failed_attempts, 1u);
  EXPECT_EQ(stats.heartbeats, 2u);
  EXPECT_EQ(stats.malformed_frames, 2u);
  EXPECT_EQ(stats.frames, 11u);           // frame 4 twice
  EXPECT_EQ(mapper.stats().repeats, 3u);  // its three packets, dropped the second time

  // Both connections authenticated and subscribed the whole set in full mode.
  ASSERT_EQ(server.targets.size(), 2u);
  for (const std::string& target : server.targets) {
    EXPECT_NE(target.find("api_key=test_key"), std::string::npos) << target;
    EXPECT_NE(target.find("access_token=test_token_0123456789"), std::string::npos) << target;
  }
  const std::vector<std::string> expected_requests{
      R"({"a":"subscribe","v":[256265,12170498,12170754]})",
      R"({"a":"mode","v":["full",[256265,12170498,12170754]]})"};
  ASSERT_EQ(server.requests.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(server.requests.begin(), server.requests.begin() + 2),
            expected_requests);
  EXPECT_EQ(std::vector<std::string>(server.requests.begin() + 2, server.requests.end()),
            expected_requests);

  // The ticks received through the drop aggregate to the bars of the ten frames sent once.
  ASSERT_EQ(events.size(), 30u);
  BarAggregator received_bars, sent_bars;
  for (const MarketEvent& e : events) received_bars.add(e);
  KiteTickMapper direct(instruments);
  std::vector<MarketEvent> sent;
  for (int i = 0; i < 10; ++i) {
    const auto parsed = parse_binary_message(frame(i));
    ASSERT_TRUE(parsed.ok());
    direct.map(parsed.frame.packets, Timestamp{}, sent);
  }
  for (const MarketEvent& e : sent) sent_bars.add(e);
  const auto got = received_bars.drain();
  const auto want = sent_bars.drain();
  ASSERT_EQ(want.size(), 4u);  // 10:00, 10:01, 10:02, 10:03
  EXPECT_EQ(got, want);
  std::set<BarKey> keys;
  for (const StrikeBar& b : got) EXPECT_TRUE(keys.insert(b.key).second);
  // 10:01 holds frames 3..5 (one of them re-sent after the reconnect): three ticks a side.
  EXPECT_EQ(got[1].call.count, 3u);
  EXPECT_EQ(got[1].call.volume, 3 * 7500);
  EXPECT_EQ(got[1].call.oi, 1'000'000 + 5 * 7500);
}

TEST(KiteTickerClient, RequestsAndUrls) {
  EXPECT_EQ(subscribe_request({1, 2}), R"({"a":"subscribe","v":[1,2]})");
  EXPECT_EQ(unsubscribe_request({3}), R"({"a":"unsubscribe","v":[3]})");
  EXPECT_EQ(mode_request(PacketMode::quote, {}), R"({"a":"mode","v":["quote",[]]})");
  EXPECT_EQ(redacted_url("wss://ws.kite.trade/?api_key=k&access_token=secret"),
            "wss://ws.kite.trade/");
  EXPECT_FALSE(check_ticker_url("wss://ws.kite.trade"));
  EXPECT_FALSE(check_ticker_url("ws://127.0.0.1:9000/ticker"));
  EXPECT_TRUE(check_ticker_url("http://ws.kite.trade"));
  EXPECT_TRUE(check_ticker_url("not a url"));
}
