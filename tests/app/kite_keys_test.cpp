// The Kite feed beyond one connection (issue 22 item 3), against a local ticker that accepts many
// WebSocket connections (127.0.0.1, Beast, one thread) and records, per connection, the API key of
// its URL and the instruments it has subscribed. The universe is 150 stocks (an NSE cash equity as
// each one's spot, a future, 40 listed strikes) planned at ATM +- 14 strikes: exactly 9,000
// instruments, Kite's 3 connections x 3,000 of one API key; ATM +- 15 (9,600) is refused with a
// message naming what it needs, and fits two keys: 4 connections (as many as the plan needs),
// the keys taken in turn. The oracle is the test's own:
// the spot and future tokens and the options of the 29 strikes around each stock's spot.
#include "app/kite_feed.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace strikeline;
using namespace strikeline::app;
using namespace std::chrono;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace kite_keys_test {

constexpr int kStocks = 150;
constexpr int kStrikes = 40;  // 100, 110, ... 490
constexpr std::uint32_t kSpotToken = 1'000'000;
constexpr std::uint32_t kFutureToken = 2'000'000;
constexpr std::uint32_t kOptionToken = 3'000'000;

std::string stock(int i) {
  char name[16];
  std::snprintf(name, sizeof name, "STK%03d", i);
  return name;
}
std::uint32_t spot_token(int i) {
  return kSpotToken + static_cast<std::uint32_t>(i);
}
std::uint32_t option_token(int i, int k, int put) {
  return kOptionToken + static_cast<std::uint32_t>(1000 * i + 2 * k + put);
}
int strike_of(int k) {
  return 100 + 10 * k;
}

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("strikeline-kitekeys-" + std::to_string(::getpid()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// The dump: per stock its NSE equity, a future and 40 strikes of calls and puts of one expiry.
std::string write_dump(const std::filesystem::path& dir, Date expiry) {
  const std::string path = (dir / "instruments.csv").string();
  std::ofstream csv(path);
  csv << "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,"
         "lot_size,instrument_type,segment,exchange\n";
  for (int i = 0; i < kStocks; ++i) {
    csv << spot_token(i) << ",1," << stock(i) << ",\"" << stock(i)
        << " LTD\",0,,0,0.05,1,EQ,NSE,NSE\n";
    csv << kFutureToken + static_cast<std::uint32_t>(i) << ",1," << stock(i) << "FUT,\"" << stock(i)
        << "\",0," << format_date(expiry) << ",0,0.05,1000,FUT,NFO-FUT,NFO\n";
    for (int k = 0; k < kStrikes; ++k) {
      for (int put = 0; put < 2; ++put) {
        csv << option_token(i, k, put) << ",1," << stock(i) << strike_of(k) << (put ? "PE" : "CE")
            << ",\"" << stock(i) << "\",0," << format_date(expiry) << "," << strike_of(k)
            << ",0.05,1000," << (put ? "PE" : "CE") << ",NFO-OPT,NFO\n";
      }
    }
  }
  return path;
}

// What must be subscribed with each stock's spot at `spot[i]` (a listed strike), ATM +- n.
std::set<std::uint32_t> oracle(const std::vector<int>& spot, int n) {
  std::set<std::uint32_t> out;
  for (int i = 0; i < kStocks; ++i) {
    out.insert(spot_token(i));
    out.insert(kFutureToken + static_cast<std::uint32_t>(i));
    const int centre = (spot[static_cast<std::size_t>(i)] - 100) / 10;
    for (int k = std::max(0, centre - n); k <= std::min(kStrikes - 1, centre + n); ++k) {
      out.insert(option_token(i, k, 0));
      out.insert(option_token(i, k, 1));
    }
  }
  return out;
}

// An LTP-mode frame of one packet: token and last price in paise.
std::vector<std::uint8_t> ltp_frame(std::uint32_t token, double price) {
  std::vector<std::uint8_t> f{0, 1, 0, 8};
  const auto paise = static_cast<std::uint32_t>(std::lround(price * 100));
  for (std::uint32_t v : {token, paise}) {
    for (int s = 24; s >= 0; s -= 8) f.push_back(static_cast<std::uint8_t>(v >> s));
  }
  return f;
}

// A ticker accepting any number of connections; sends a spot's price when its token is subscribed
// and whenever the test moves it.
class LocalTicker {
 public:
  struct Seen {
    std::string api_key;
    std::set<std::uint32_t> tokens;
    std::size_t subscribes = 0, unsubscribes = 0;
  };

  LocalTicker() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    asio::co_spawn(io_, accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~LocalTicker() {
    io_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void set_spot(std::uint32_t token, double price) {
    asio::post(io_, [this, token, price] {
      spots_[token] = price;
      for (auto& c : connections_) {
        if (c->seen.tokens.contains(token)) send(c, ltp_frame(token, price));
      }
    });
  }
  std::vector<Seen> seen() {
    std::vector<Seen> out;
    std::promise<void> done;
    asio::post(io_, [&] {
      for (auto& c : connections_) out.push_back(c->seen);
      done.set_value();
    });
    done.get_future().wait();
    return out;
  }

 private:
  struct Connection {
    explicit Connection(tcp::socket s) : ws(std::move(s)) {}
    websocket::stream<beast::tcp_stream> ws;
    Seen seen;
    std::deque<std::vector<std::uint8_t>> outbox;
    bool writing = false;
  };
  using Ptr = std::shared_ptr<Connection>;

  asio::awaitable<void> accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
      auto c = std::make_shared<Connection>(std::move(socket));
      connections_.push_back(c);
      asio::co_spawn(io_, serve(c), asio::detached);
    }
  }

  asio::awaitable<void> serve(Ptr c) {
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    co_await http::async_read(c->ws.next_layer(), buffer, request, asio::use_awaitable);
    const std::string target(request.target());
    const auto key = target.find("api_key=");
    if (key != std::string::npos) {
      c->seen.api_key = target.substr(key + 8, target.find('&', key) - key - 8);
    }
    co_await c->ws.async_accept(request, asio::use_awaitable);
    for (;;) {
      buffer.clear();
      co_await c->ws.async_read(buffer, asio::use_awaitable);
      const auto message = boost::json::parse(beast::buffers_to_string(buffer.data())).as_object();
      const std::string action(message.at("a").as_string());
      if (action == "mode") continue;
      for (const auto& v : message.at("v").as_array()) {
        const auto token = static_cast<std::uint32_t>(v.to_number<std::int64_t>());
        if (action == "subscribe") {
          c->seen.tokens.insert(token);
          if (auto spot = spots_.find(token); spot != spots_.end()) {
            send(c, ltp_frame(token, spot->second));
          }
        } else {
          c->seen.tokens.erase(token);
        }
      }
      ++(action == "subscribe" ? c->seen.subscribes : c->seen.unsubscribes);
    }
  }

  void send(const Ptr& c, std::vector<std::uint8_t> frame) {
    c->outbox.push_back(std::move(frame));
    if (c->writing) return;
    c->writing = true;
    asio::co_spawn(io_, drain(c), asio::detached);
  }
  asio::awaitable<void> drain(Ptr c) {
    c->ws.binary(true);
    while (!c->outbox.empty()) {
      const std::vector<std::uint8_t> frame = std::move(c->outbox.front());
      c->outbox.pop_front();
      co_await c->ws.async_write(asio::buffer(frame), asio::use_awaitable);
    }
    c->writing = false;
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::vector<Ptr> connections_;           // the io thread's
  std::map<std::uint32_t, double> spots_;  // the io thread's
  std::thread thread_;
};

struct Universe {
  TempDir dir;
  Date expiry = ist_date(time_point_cast<microseconds>(system_clock::now())) + days{20};
  std::string dump = write_dump(dir.path, expiry);
};

KiteFeedOptions options_for(const Universe& u, int strikes, std::size_t keys, unsigned short port) {
  KiteFeedOptions o;
  o.instruments_path = u.dump;
  o.client.url = "ws://127.0.0.1:" + std::to_string(port);
  for (std::size_t k = 0; k < keys; ++k) {
    o.keys.push_back({"apikey" + std::to_string(k), "token_0123456789_" + std::to_string(k)});
  }
  o.client.credentials = o.keys.front();
  for (int i = 0; i < kStocks; ++i) o.subscriptions.underlyings.push_back(stock(i));
  o.subscriptions.expiries = {u.expiry};
  o.subscriptions.strikes_each_side = strikes;
  return o;
}

// Waits until the ticker's connections hold `want` in all (a few seconds at most).
std::vector<LocalTicker::Seen> settle(LocalTicker& ticker, const std::set<std::uint32_t>& want,
                                      std::size_t connections) {
  std::vector<LocalTicker::Seen> seen;
  for (int i = 0; i < 200; ++i) {
    seen = ticker.seen();
    std::set<std::uint32_t> all;
    for (const auto& s : seen) all.insert(s.tokens.begin(), s.tokens.end());
    if (seen.size() == connections && all == want) break;
    std::this_thread::sleep_for(50ms);
  }
  return seen;
}

void expect_disjoint_union(const std::vector<LocalTicker::Seen>& seen,
                           const std::set<std::uint32_t>& want) {
  std::set<std::uint32_t> all;
  std::size_t total = 0;
  for (const auto& s : seen) {
    total += s.tokens.size();
    all.insert(s.tokens.begin(), s.tokens.end());
  }
  EXPECT_EQ(total, all.size()) << "a token subscribed on two connections";
  EXPECT_EQ(all, want);
}

TEST(KiteKeys, OneKeyFillsItsThreeConnectionsAndRecentres) {
  Universe u;
  LocalTicker ticker;
  std::vector<int> spot(kStocks, 300);
  for (int i = 0; i < kStocks; ++i) ticker.set_spot(spot_token(i), 300.0);
  std::string error;
  auto feed = KiteFeed::create(options_for(u, 14, 1, ticker.port()), &error);
  ASSERT_TRUE(feed) << error;
  feed->start();

  const std::set<std::uint32_t> want = oracle(spot, 14);
  ASSERT_EQ(want.size(), 9000u);
  auto seen = settle(ticker, want, 3);
  ASSERT_EQ(seen.size(), 3u);
  for (const auto& s : seen) {
    EXPECT_EQ(s.api_key, "apikey0");
    EXPECT_EQ(s.tokens.size(), 3000u);
  }
  expect_disjoint_union(seen, want);
  auto c = feed->connections();
  EXPECT_EQ(c.total, 3u);
  EXPECT_EQ(c.subscribed, 9000u);
  EXPECT_EQ(c.waiting, 0u);

  // Ten stocks move up 3 strikes: their windows re-centre, 60 options out and 60 in, and the
  // connections stay full (what leaves one connection is taken back by it).
  for (int i = 0; i < 10; ++i) {
    spot[static_cast<std::size_t>(i)] = 330;
    ticker.set_spot(spot_token(i), 330.0);
  }
  const std::set<std::uint32_t> moved = oracle(spot, 14);
  ASSERT_NE(moved, want);
  seen = settle(ticker, moved, 3);
  for (const auto& s : seen) EXPECT_EQ(s.tokens.size(), 3000u);
  expect_disjoint_union(seen, moved);
  std::size_t unsubscribes = 0;
  for (const auto& s : seen) unsubscribes += s.unsubscribes;
  EXPECT_GE(unsubscribes, 1u);
  EXPECT_TRUE(feed->condition().healthy) << feed->condition().detail;
  feed->stop();
}

TEST(KiteKeys, AUniverseBeyondOneKeyIsRefusedAndFitsTwoKeys) {
  Universe u;
  std::string error;
  // ATM +- 15: 150 x (2 + 31 x 2) = 9,600 instruments, more than one key's 9,000.
  EXPECT_FALSE(KiteFeed::create(options_for(u, 15, 1, 1), &error));
  EXPECT_NE(error.find("9600 instruments"), std::string::npos) << error;
  EXPECT_NE(error.find("= 9000"), std::string::npos) << error;
  EXPECT_NE(error.find("--kite-credentials"), std::string::npos) << error;

  LocalTicker ticker;
  const std::vector<int> spot(kStocks, 250);
  for (int i = 0; i < kStocks; ++i) ticker.set_spot(spot_token(i), 250.0);
  auto feed = KiteFeed::create(options_for(u, 15, 2, ticker.port()), &error);
  ASSERT_TRUE(feed) << error;
  feed->start();
  const std::set<std::uint32_t> want = oracle(spot, 15);
  ASSERT_EQ(want.size(), 9600u);
  const auto seen = settle(ticker, want, 4);
  ASSERT_EQ(seen.size(), 4u);
  std::map<std::string, int> per_key;
  for (const auto& s : seen) {
    ++per_key[s.api_key];
    EXPECT_EQ(s.tokens.size(), 2400u) << "unbalanced";
  }
  EXPECT_EQ(per_key, (std::map<std::string, int>{{"apikey0", 2}, {"apikey1", 2}}));
  EXPECT_EQ(feed->connections().total, 4u);
  expect_disjoint_union(seen, want);
  feed->stop();
}

}  // namespace kite_keys_test
