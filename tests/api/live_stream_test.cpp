// The live WebSocket stream against a real server: subscribe, ingest ticks over HTTP, receive the
// bucket with the right values; the current bucket on subscribing; unsubscribe; malformed client
// messages answered with errors on a connection that stays open; pings; coalescing; a client that
// stops reading disconnected while a fast one keeps receiving; a server stop closes clients;
// permessage-deflate for a client that offers it, with the same messages as a plain client.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fixtures/live_server.h"
#include "fixtures/test_client.h"
#include "fixtures/ws_client.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace live_stream_test {

const Headers kNdjson = {{"Content-Type", "application/x-ndjson"}};

// One minute of NIFTY 2024-11-07 ticks at `minute` (epoch seconds of a minute start).
std::string minute_of_ticks(std::int64_t minute, int strikes = 1, std::int64_t volume = 1203450) {
  std::string out =
      R"({"ts":)" + std::to_string(minute) + R"(.5,"symbol":"NIFTY","price":24350.75})" + "\n";
  for (int i = 0; i < strikes; ++i) {
    const int strike = 24300 + 50 * i;
    for (const char* type : {"CE", "PE"}) {
      out += R"({"ts":)" + std::to_string(minute + 1) +
             R"(,"symbol":"NIFTY","expiry":"2024-11-07","strike":)" + std::to_string(strike) +
             R"(,"type":")" + type + R"(","price":152.4,"volume":)" + std::to_string(volume) +
             R"(,"oi":)" + std::to_string(5123400 + i) + "}\n";
    }
  }
  return out;
}

void ingest(std::uint16_t port, const std::string& body) {
  TestClient client(port);
  Reply r = client.request(http::verb::post, "/fo/ingest/ticks", kNdjson, body);
  ASSERT_EQ(r.result_int(), 200u) << r.body();
}

TEST(LiveStream, SubscribeIngestReceiveBucket) {
  LiveServer server;
  WsClient ws(server.port());
  ws.send(R"({"action":"subscribe","symbol":"nse:nifty 50","timeframe":"1m"})");
  auto ack = ws.next("subscribed");
  ASSERT_TRUE(ack);
  EXPECT_EQ(text_of((*ack)["symbol"]), "NIFTY");
  EXPECT_EQ(text_of((*ack)["timeframe"]), "1min");
  EXPECT_TRUE((*ack)["expiry"].is_null());

  const std::string body =
      R"({"ts":1730379600.5,"symbol":"NIFTY","price":24350.75})"
      "\n"
      R"({"ts":1730379601.25,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":152.4,"volume":1203450,"oi":5123400,"bid":152.3,"ask":152.5})"
      "\n"
      R"({"ts":1730379630,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":153.0,"volume":1203600,"oi":5123300})"
      "\n"
      R"({"ts":1730379640,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"PE","price":98.1,"volume":800000,"oi":4800000})"
      "\n";
  ingest(server.port(), body);
  auto m = ws.next("fo_bucket");
  ASSERT_TRUE(m);
  EXPECT_EQ(text_of((*m)["symbol"]), "NIFTY");
  EXPECT_EQ(text_of((*m)["expiry"]), "2024-11-07");
  EXPECT_EQ(text_of((*m)["timeframe"]), "1min");
  EXPECT_EQ((*m)["bucket_time"].as_int64(), 1730379600);
  json::array strikes = (*m)["strikes"].as_array();
  ASSERT_EQ(strikes.size(), 1u);
  json::object s = strikes[0].as_object();
  EXPECT_EQ(s["strike"].to_number<double>(), 24300.0);
  EXPECT_EQ(s["underlying"].to_number<double>(), 24350.75);
  json::object call = s["call"].as_object();
  json::object put = s["put"].as_object();
  EXPECT_EQ(call["oi"].as_int64(), 5123300);
  EXPECT_EQ(call["volume"].as_int64(), 150);
  EXPECT_EQ(call["count"].as_int64(), 2);
  EXPECT_EQ(put["oi"].as_int64(), 4800000);
  EXPECT_EQ(put["count"].as_int64(), 1);
  // IV and Greeks computed from the premiums (none were supplied).
  for (const char* k : {"iv", "delta", "gamma", "theta", "vega"}) {
    EXPECT_TRUE(call[k].is_number()) << k;
    EXPECT_TRUE(put[k].is_number()) << k;
  }
  EXPECT_GT(call["iv"].to_number<double>(), 1.0);
  EXPECT_GT(call["delta"].to_number<double>(), 0.0);
  EXPECT_LT(put["delta"].to_number<double>(), 0.0);
  json::object metrics = (*m)["metrics"].as_object();
  EXPECT_EQ(metrics["underlying_close"].to_number<double>(), 24350.75);
  EXPECT_EQ(metrics["total_call_oi"].as_int64(), 5123300);
  EXPECT_EQ(metrics["total_put_oi"].as_int64(), 4800000);
  EXPECT_EQ(metrics["total_call_volume"].as_int64(), 150);
  EXPECT_EQ(metrics["total_put_volume"].as_int64(), 0);
  EXPECT_NEAR(metrics["pcr"].to_number<double>(), 4800000.0 / 5123300.0, 1e-4);
  EXPECT_EQ(metrics["max_pain_strike"].to_number<double>(), 24300.0);

  // A client subscribing now gets the current bucket at once; one for another symbol gets none.
  WsClient late(server.port());
  late.send(R"({"action":"subscribe","symbol":"NIFTY","expiry":"2024-11-07"})");
  auto current = late.next("fo_bucket");
  ASSERT_TRUE(current);
  EXPECT_EQ((*current)["bucket_time"].as_int64(), 1730379600);
  EXPECT_EQ((*current)["metrics"].as_object()["total_call_oi"].as_int64(), 5123300);
}

TEST(LiveStream, TimeframeAndExpiryFilters) {
  LiveServer server;
  WsClient five(server.port());
  five.send(R"({"action":"subscribe","symbol":"NIFTY","timeframe":"5min"})");
  ASSERT_TRUE(five.next("subscribed"));
  WsClient other_expiry(server.port());
  other_expiry.send(R"({"action":"subscribe","symbol":"NIFTY","expiry":"2024-11-14"})");
  ASSERT_TRUE(other_expiry.next("subscribed"));
  WsClient bank(server.port());
  bank.send(R"({"action":"subscribe","symbol":"BANKNIFTY"})");
  ASSERT_TRUE(bank.next("subscribed"));

  ingest(server.port(),
         minute_of_ticks(1730379660, 3));  // 13:01 UTC, inside the 13:00 5-min bucket
  auto m = five.next("fo_bucket");
  ASSERT_TRUE(m);
  EXPECT_EQ(text_of((*m)["timeframe"]), "5min");
  EXPECT_EQ((*m)["bucket_time"].as_int64(), 1730379600);
  EXPECT_EQ((*m)["strikes"].as_array().size(), 3u);
  // The others hear nothing about this contract.
  EXPECT_FALSE(other_expiry.next("fo_bucket", 300ms));
  EXPECT_FALSE(bank.next("fo_bucket", 300ms));
}

TEST(LiveStream, UnsubscribeStopsMessages) {
  LiveServer server;
  WsClient ws(server.port());
  ws.send(R"({"action":"subscribe","symbol":"NIFTY"})");
  ASSERT_TRUE(ws.next("subscribed"));
  ws.send(R"({"action":"unsubscribe","symbol":"NIFTY","timeframe":"1min"})");
  auto ack = ws.next("unsubscribed");
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["removed"].as_int64(), 1);
  ingest(server.port(), minute_of_ticks(1730379600));
  EXPECT_FALSE(ws.next("fo_bucket", 300ms));
}

TEST(LiveStream, MalformedMessagesGetErrorsAndTheConnectionStaysOpen) {
  LiveServer server;
  WsClient ws(server.port());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"hello", "not a JSON object"},
      {"[1,2]", "not a JSON object"},
      {R"({"symbol":"NIFTY"})", "missing 'action'"},
      {R"({"action":"dance","symbol":"NIFTY"})", "unknown action"},
      {R"({"action":"subscribe"})", "missing 'symbol'"},
      {R"({"action":"subscribe","symbol":42})", "'symbol' must be a string"},
      {R"({"action":"subscribe","symbol":"NIFTY$$"})", "not a valid symbol"},
      {R"({"action":"subscribe","symbol":"NIFTY","timeframe":"7min"})", "invalid timeframe"},
      {R"({"action":"subscribe","symbol":"NIFTY","expiry":"2025-13-40"})", "invalid expiry"},
  };
  for (const auto& [message, expected] : cases) {
    ws.send(message);
    auto error = ws.next("error");
    ASSERT_TRUE(error) << message;
    const std::string detail(error->at("detail").as_string());
    EXPECT_NE(detail.find(expected), std::string::npos) << message << " -> " << detail;
  }
  ws.send_binary(std::string("\x01\x02", 2));
  auto binary = ws.next("error");
  ASSERT_TRUE(binary);
  EXPECT_NE(std::string(binary->at("detail").as_string()).find("binary"), std::string::npos);
  // Still open and working.
  ws.send(R"({"action":"subscribe","symbol":"NIFTY"})");
  EXPECT_TRUE(ws.next("subscribed"));
  ingest(server.port(), minute_of_ticks(1730379600));
  EXPECT_TRUE(ws.next("fo_bucket"));
}

TEST(LiveStream, PingsAtTheConfiguredInterval) {
  StreamOptions options = fast_stream_options();
  options.ping_interval = 100ms;
  LiveServer server(options);
  WsClient ws(server.port());
  EXPECT_TRUE(ws.next("ping", 5s));
  EXPECT_TRUE(ws.next("ping", 5s));
}

TEST(LiveStream, ChangesWithinTheIntervalCoalesceToTheNewestState) {
  StreamOptions options = fast_stream_options();
  options.min_interval = 1h;  // after the first message, nothing more can be due in this test
  LiveServer server(options);
  WsClient ws(server.port());
  ws.send(R"({"action":"subscribe","symbol":"NIFTY"})");
  ASSERT_TRUE(ws.next("subscribed"));
  ingest(server.port(), minute_of_ticks(1730379600));
  auto first = ws.next("fo_bucket");
  ASSERT_TRUE(first);
  for (int i = 1; i <= 5; ++i) ingest(server.port(), minute_of_ticks(1730379600 + 60 * i));
  EXPECT_FALSE(ws.next("fo_bucket", 300ms));
  EXPECT_EQ(server.hub.metrics().published.value(), 1u);
}

TEST(LiveStream, ClientThatStopsReadingIsDisconnectedWhileAFastOneKeepsReceiving) {
  StreamOptions options = fast_stream_options();
  options.min_interval = 1ms;
  options.queue_limit = 4;
  options.behind_limit = 200ms;
  options.send_buffer_bytes = 4096;
  LiveServer server(options);

  WsClient slow(server.port(), 4096);
  slow.send(R"({"action":"subscribe","symbol":"NIFTY"})");
  ASSERT_TRUE(slow.next("subscribed"));
  WsClient fast(server.port());
  fast.send(R"({"action":"subscribe","symbol":"NIFTY"})");
  ASSERT_TRUE(fast.next("subscribed"));

  std::atomic<bool> done{false};
  std::atomic<int> received{0};
  std::atomic<std::int64_t> newest{0};
  std::thread reader([&] {
    while (!done.load()) {
      auto m = fast.next("fo_bucket", 500ms);
      if (!m) continue;
      received.fetch_add(1);
      newest.store((*m)["bucket_time"].as_int64());
    }
  });
  // ~40 strikes a message (about 12 KB), one minute after another: the slow client's buffers
  // fill, its queue overflows and it stays behind.
  constexpr int kMinutes = 60;
  const std::int64_t start = 1730379600;
  for (int i = 0; i < kMinutes && server.hub.metrics().disconnected_behind.value() == 0; ++i) {
    ingest(server.port(), minute_of_ticks(start + 60 * i, 40, 1203450 + i * 100));
    std::this_thread::sleep_for(20ms);
  }
  for (int i = 0; i < 100 && server.hub.clients() != 1; ++i) std::this_thread::sleep_for(20ms);
  // One more change: the fast client still gets it.
  const std::int64_t last_minute = start + 60 * kMinutes;
  ingest(server.port(), minute_of_ticks(last_minute, 40, 1300000));
  for (int i = 0; i < 250 && newest.load() != last_minute; ++i) std::this_thread::sleep_for(20ms);
  done.store(true);
  reader.join();

  EXPECT_GE(server.hub.metrics().disconnected_behind.value(), 1u);
  EXPECT_GE(server.hub.metrics().dropped.value(), 1u);
  EXPECT_EQ(server.hub.clients(), 1u);
  EXPECT_EQ(newest.load(), last_minute);
  EXPECT_GE(received.load(), 2);
  // The slow client finds the connection gone once it reads what its buffers still hold.
  for (int i = 0; i < 1000 && !slow.closed(); ++i) {
    if (!slow.read(2s)) break;
  }
  EXPECT_TRUE(slow.closed());
}

TEST(LiveStream, ServerStopClosesClients) {
  auto server = std::make_unique<LiveServer>();
  WsClient ws(server->port());
  ws.send(R"({"action":"subscribe","symbol":"NIFTY"})");
  ASSERT_TRUE(ws.next("subscribed"));
  EXPECT_EQ(server->hub.clients(), 1u);
  std::thread stopper([&] {
    server->server->stop();
    server->server->wait();  // returns: the stream does not hold the workers
  });
  EXPECT_FALSE(ws.read(5s));
  EXPECT_TRUE(ws.closed());
  stopper.join();
  EXPECT_EQ(server->hub.clients(), 0u);
}

TEST(LiveStream, PermessageDeflateWhenTheClientOffersItAndMessagesArriveIntact) {
  LiveServer server;
  WsClient plain(server.port());
  WsClient compressed(server.port(), 0, /*offer_deflate=*/true);
  EXPECT_EQ(plain.extensions(), "");
  EXPECT_NE(compressed.extensions().find("permessage-deflate"), std::string::npos)
      << compressed.extensions();
  for (WsClient* ws : {&plain, &compressed}) {
    ws->send(R"({"action":"subscribe","symbol":"NIFTY","timeframe":"1min"})");
    ASSERT_TRUE(ws->next("subscribed"));
  }
  ingest(server.port(), minute_of_ticks(1730379600, 20));  // 20 strikes: a message of kilobytes
  auto a = plain.next("fo_bucket");
  auto b = compressed.next("fo_bucket");
  ASSERT_TRUE(a && b);
  EXPECT_GT(boost::json::serialize(*a).size(), 2048u);
  EXPECT_EQ(*a, *b);  // the compressed client reads exactly what the plain one does
  EXPECT_EQ((*b)["strikes"].as_array().size(), 20u);
}

}  // namespace live_stream_test
