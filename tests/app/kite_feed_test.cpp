// KiteFeed end to end inside the process, run by a FeedRunner as `serve` runs it: a local ticker
// (127.0.0.1, Beast) sees the index subscribed first, then, after the first spot, the options
// ATM +- 1 strike in full mode; the option packets it sends become durable bars (OI, premium,
// underlying) in the SQLite repository.
#include "app/kite_feed.h"

#include "app/feed_runner.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/sqlite/sqlite_bar_repository.h"

using namespace strikeline;
using namespace strikeline::app;
using namespace std::chrono;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace kite_feed_test {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("strikeline-kitefeed-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

// One-packet frame.
std::vector<std::uint8_t> frame(const std::vector<std::uint8_t>& packet) {
  std::vector<std::uint8_t> out(4 + packet.size());
  out[1] = 1;
  out[2] = static_cast<std::uint8_t>(packet.size() >> 8);
  out[3] = static_cast<std::uint8_t>(packet.size());
  std::copy(packet.begin(), packet.end(), out.begin() + 4);
  return out;
}

std::vector<std::uint8_t> index_packet(std::int32_t paise, std::uint32_t at) {
  std::vector<std::uint8_t> p;
  put_u32(p, 256265);
  put_u32(p, static_cast<std::uint32_t>(paise));
  for (int i = 0; i < 5; ++i) put_u32(p, 0);  // high, low, open, close, change
  put_u32(p, at);
  return p;
}

// A full packet: price, volume, OI and the exchange time; no depth.
std::vector<std::uint8_t> option_packet(std::uint32_t token, std::int32_t paise,
                                        std::uint32_t volume, std::uint32_t oi, std::uint32_t at) {
  std::vector<std::uint8_t> p;
  for (std::uint32_t v :
       {token, static_cast<std::uint32_t>(paise), 75u, static_cast<std::uint32_t>(paise), volume,
        0u, 0u, 0u, 0u, 0u, 0u, at, oi, oi, oi, at}) {
    put_u32(p, v);
  }
  p.resize(184, 0);
  return p;
}

class LocalTicker {
 public:
  LocalTicker() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  ~LocalTicker() {
    if (socket_fd_ >= 0) ::shutdown(socket_fd_, SHUT_RDWR);  // unblocks a pending read
    acceptor_.close();
    if (thread_.joinable()) thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  template <class Script>
  void run(Script script) {
    thread_ = std::thread([this, script] {
      try {
        tcp::socket socket(io_);
        acceptor_.accept(socket);
        socket_fd_ = socket.native_handle();
        websocket::stream<tcp::socket> ws(std::move(socket));
        ws.accept();
        script(ws, requests);
      } catch (const std::exception&) {
        // The test's assertions report what is missing.
      }
    });
  }
  std::vector<std::string> requests;

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::atomic<int> socket_fd_{-1};
  std::thread thread_;
};

std::string read_text(websocket::stream<tcp::socket>& ws) {
  beast::flat_buffer b;
  ws.read(b);
  return beast::buffers_to_string(b.data());
}

TEST(KiteFeed, SubscribesAroundSpotAndStoresTheOptionBars) {
  TempDir dir;
  const auto now = time_point_cast<seconds>(system_clock::now());
  const Date expiry = ist_date(Timestamp{now}) + days{3};
  const std::uint32_t at = static_cast<std::uint32_t>(now.time_since_epoch().count());
  {
    std::ofstream csv(dir.path / "instruments.csv");
    csv << "instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,"
           "tick_size,lot_size,instrument_type,segment,exchange\n"
           "256265,1001,NIFTY 50,NIFTY 50,0,,0,0,0,EQ,INDICES,NSE\n";
    for (int k = 0; k < 5; ++k) {
      for (int side = 0; side < 2; ++side) {
        csv << 1000 + 2 * k + side << ",1,NIFTYX,"
            << "\"NIFTY\",0," << format_date(expiry) << "," << 24400 + 50 * k << ",0.05,75,"
            << (side ? "PE" : "CE") << ",NFO-OPT,NFO\n";
      }
    }
  }
  LocalTicker ticker;
  ticker.run([&](websocket::stream<tcp::socket>& ws, std::vector<std::string>& requests) {
    requests.push_back(read_text(ws));  // subscribe the index
    requests.push_back(read_text(ws));  // its mode
    ws.binary(true);
    ws.write(asio::buffer(frame(index_packet(2451200, at))));  // 24512: ATM 24500
    requests.push_back(read_text(ws));                         // subscribe the options window
    requests.push_back(read_text(ws));                         // its mode
    // An hour ahead of the server's clock (a ticker whose clock went wrong): out of bounds,
    // dropped at the door. Sent first, so they are in the flush that stores the good bar.
    ws.write(asio::buffer(frame(option_packet(1006, 9000, 100, 500'000, at + 3600))));  // 24550
    ws.write(asio::buffer(frame(option_packet(1007, 9100, 100, 600'000, at + 3600))));  // 24550
    ws.write(asio::buffer(frame(option_packet(1004, 15240, 7500, 1'234'500, at))));     // 24500 CE
    ws.write(asio::buffer(frame(option_packet(1005, 13110, 1500, 987'000, at))));       // 24500 PE
    beast::flat_buffer rest;
    ws.read(rest);  // until the feed goes away
  });

  auto repo = std::make_shared<SqliteBarRepository>((dir.path / "bars.db").string());
  ChainStore store({}, repo);
  IngestPipeline pipeline(*repo, store);
  KiteFeedOptions options;
  options.instruments_path = (dir.path / "instruments.csv").string();
  options.client.url = "ws://127.0.0.1:" + std::to_string(ticker.port());
  options.client.credentials = {"key", "token_0123456789"};
  options.subscriptions.underlyings = {"NIFTY"};
  options.subscriptions.strikes_each_side = 1;
  std::string error;
  auto feed = KiteFeed::create(options, &error);
  ASSERT_TRUE(feed) << error;
  FeedRunnerOptions runner_options;
  runner_options.batch_interval = 50ms;
  FeedRunner runner(*feed, pipeline, runner_options);
  runner.start();

  std::vector<StrikeBar> bars;
  for (int i = 0; i < 200 && bars.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    bars.clear();
    repo->scan(UtcSeconds::min(), UtcSeconds::max(), [&](const StrikeBar& b) {
      if (b.call.oi && b.put.oi) bars.push_back(b);
    });
  }
  const FeedStatus status = runner.status();
  EXPECT_EQ(status.source, "kite");
  EXPECT_EQ(status.state, "running");
  EXPECT_TRUE(status.healthy);
  runner.stop();

  ASSERT_EQ(ticker.requests.size(), 4u);
  EXPECT_EQ(ticker.requests[0], R"({"a":"subscribe","v":[256265]})");
  EXPECT_EQ(ticker.requests[1], R"({"a":"mode","v":["full",[256265]]})");
  EXPECT_EQ(ticker.requests[2], R"({"a":"subscribe","v":[1002,1003,1004,1005,1006,1007]})");
  EXPECT_EQ(ticker.requests[3], R"({"a":"mode","v":["full",[1002,1003,1004,1005,1006,1007]]})");
  ASSERT_EQ(bars.size(), 1u);
  const StrikeBar& bar = bars[0];
  EXPECT_EQ(bar.key.symbol, "NIFTY");
  EXPECT_EQ(bar.key.expiry, expiry);
  EXPECT_EQ(bar.key.strike, strike_rupees(24500));
  EXPECT_EQ(bar.key.bucket, floor<minutes>(now));
  EXPECT_EQ(bar.call.oi, 1'234'500);
  EXPECT_EQ(bar.put.oi, 987'000);
  EXPECT_DOUBLE_EQ(bar.call.close, 152.40);
  EXPECT_DOUBLE_EQ(bar.put.close, 131.10);
  EXPECT_EQ(bar.underlying_close, 24512.0);
  std::size_t out_of_bounds = 0;
  repo->scan(UtcSeconds::min(), UtcSeconds::max(), [&](const StrikeBar& b) {
    if (b.key.strike == strike_rupees(24550)) ++out_of_bounds;
  });
  EXPECT_EQ(out_of_bounds, 0u) << "ticks an hour ahead of the clock were stored";

  // The chain lists every strike the dump lists for the expiry (the instrument source), not only
  // the window subscribed or the strike that traded; those never observed have no state.
  const std::optional<ChainState> chain = store.current()->chain_at("NIFTY", expiry, now + 60s);
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->strikes.size(), 5u);
  for (int k = 0; k < 5; ++k) {
    const StrikeState& s = chain->strikes[static_cast<std::size_t>(k)];
    EXPECT_EQ(s.strike, strike_rupees(24400 + 50 * k));
    EXPECT_EQ(s.call.oi.has_value(), 24400 + 50 * k == 24500) << 24400 + 50 * k;
  }
}

}  // namespace kite_feed_test
