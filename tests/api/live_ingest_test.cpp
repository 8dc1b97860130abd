// HTTP ingest against a real server and a real SQLite repository: ticks and bars stored and
// acknowledged with per-line rejections; refused bodies (wrong content type, truncated or binary
// NDJSON, an oversized body, a wrong or missing token) answered with the right status and nothing
// stored; the token and loopback rules; ingest metrics.
#include <gtest/gtest.h>

#include "api/ingest/ingest_auth.h"
#include "api/ingest/ingest_content_type.h"
#include "feed/bar_writer.h"
#include "fixtures/live_server.h"
#include "fixtures/test_client.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;

namespace {

// 2024-10-31 13:00 UTC: one NIFTY minute, spot then two call ticks and a put tick.
const std::string kSpot = R"({"ts":1730379600.5,"symbol":"NIFTY","price":24350.75})";
const std::string kCall1 =
    R"({"ts":1730379601.25,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":152.4,"volume":1203450,"oi":5123400,"bid":152.3,"ask":152.5})";
const std::string kCall2 =
    R"({"ts":1730379630,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":153.0,"volume":1203600,"oi":5123300})";
const std::string kPut =
    R"({"ts":1730379640,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"PE","price":98.1,"volume":800000,"oi":4800000})";

const Headers kNdjson = {{"Content-Type", "application/x-ndjson"}};

json::object body_of(const Reply& r) {
  return json::parse(r.body()).as_object();
}

Reply post(std::uint16_t port, const std::string& path, const std::string& body,
           const Headers& headers = kNdjson) {
  TestClient client(port);
  return client.request(http::verb::post, path, headers, body);
}

}  // namespace

TEST(LiveIngest, TicksAreStoredAndAcknowledged) {
  LiveServer server;
  Reply r = post(server.port(), "/fo/ingest/ticks",
                 kSpot + "\n" + kCall1 + "\n" + kCall2 + "\n" + kPut + "\n");
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  json::object b = body_of(r);
  EXPECT_EQ(b["accepted"].as_int64(), 4);
  EXPECT_TRUE(b["rejected"].as_array().empty());
  EXPECT_EQ(b["bars_written"].as_int64(), 1);
  // Durable before the reply: the repository has the bar.
  auto bars = server.stored_bars();
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_EQ(bars[0].key.strike, strike_rupees(24300));
  EXPECT_EQ(bars[0].call.oi, 5123300);  // the last OI, not the sum or the maximum
  EXPECT_EQ(bars[0].call.volume, 150);  // difference of the cumulative day volume
  EXPECT_EQ(bars[0].put.oi, 4800000);
  EXPECT_EQ(bars[0].underlying_close, 24350.75);
}

TEST(LiveIngest, MixedLinesStoreTheGoodOnesAndListTheBad) {
  LiveServer server;
  const std::string bad_strike =
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-11-07","strike":-5,"type":"CE","price":1})";
  Reply r = post(server.port(), "/fo/ingest/ticks",
                 kSpot + "\n" + bad_strike + "\n" + kCall1 + "\nnot json at all\n");
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  json::object b = body_of(r);
  EXPECT_EQ(b["accepted"].as_int64(), 2);
  json::array rejected = b["rejected"].as_array();
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0].as_object()["line"].as_int64(), 2);
  EXPECT_EQ(rejected[1].as_object()["line"].as_int64(), 4);
  EXPECT_FALSE(rejected[0].as_object()["detail"].as_string().empty());
  EXPECT_EQ(b["rejected_count"].as_int64(), 2);
  EXPECT_EQ(server.stored_bars().size(), 1u);
}

TEST(LiveIngest, WrongContentTypeIs400AndStoresNothing) {
  LiveServer server;
  for (const char* type : {"application/x-www-form-urlencoded", "application/octet-stream",
                           "multipart/form-data; boundary=x"}) {
    Reply r = post(server.port(), "/fo/ingest/ticks", kSpot + "\n" + kCall1 + "\n",
                   {{"Content-Type", type}});
    EXPECT_EQ(r.result_int(), 400u) << type;
    EXPECT_NE(std::string(body_of(r)["detail"].as_string()).find("Content-Type"),
              std::string::npos);
  }
  Reply csv =
      post(server.port(), "/fo/ingest/ticks", kCall1 + "\n", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(csv.result_int(), 400u);
  EXPECT_TRUE(server.stored_bars().empty());
}

TEST(LiveIngest, TruncatedOrBinaryNdjsonIs400AndStoresNothing) {
  LiveServer server;
  const std::vector<std::string> bodies = {
      kCall1.substr(0, 40),                              // cut off in the first line
      kCall1.substr(0, 40) + "\n" + kPut.substr(0, 30),  // every line cut
      std::string("\x00\x01\x02\xff\xfe binary", 12),    // not text
      "",                                                // empty
      "[1,2,3]\n",                                       // JSON, not objects
  };
  for (const std::string& body : bodies) {
    Reply r = post(server.port(), "/fo/ingest/ticks", body);
    EXPECT_EQ(r.result_int(), 400u) << body;
    EXPECT_TRUE(body_of(r).contains("detail"));
  }
  EXPECT_TRUE(server.stored_bars().empty());
  EXPECT_EQ(server.store.snapshot()->symbols().size(), 0u);
}

TEST(LiveIngest, BodyOverTheLimitIs413AndStoresNothing) {
  IngestOptions ingest;
  ingest.max_body_bytes = 1024 * 1024;
  LiveServer server(fast_stream_options(), ingest);
  // A declared 100 MB body: refused from its header, before any of it is read.
  TestClient client(server.port());
  client.send_raw(
      "POST /fo/ingest/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
      "Content-Length: 104857600\r\n\r\n" +
      kSpot + "\n");
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 413u);
  EXPECT_NE(reply->body().find("at most 1048576 bytes"), std::string::npos);
  // A chunked body without a length is cut off when it passes the limit.
  TestClient chunked(server.port());
  std::string request =
      "POST /fo/ingest/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::string line = kCall1 + "\n";
  std::string chunk;
  while (chunk.size() < 64 * 1024) chunk += line;
  for (int i = 0; i < 20; ++i) {  // 1.3 MB
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    request += size + chunk + "\r\n";
  }
  request += "0\r\n\r\n";
  try {
    chunked.send_raw(request);
  } catch (const std::exception&) {
    // The server may close before it has read everything.
  }
  auto chunked_reply = chunked.read_reply();
  ASSERT_TRUE(chunked_reply);
  EXPECT_EQ(chunked_reply->result_int(), 413u);
  EXPECT_TRUE(server.stored_bars().empty());
  // Below the limit, a large body is fine (the query routes keep the server's 1 MiB default).
  std::string big;
  big.reserve(900 * 1024);
  big += kSpot + "\n";
  while (big.size() < 900 * 1024) big += kCall1 + "\n";
  EXPECT_EQ(post(server.port(), "/fo/ingest/ticks", big).result_int(), 200u);
}

TEST(LiveIngest, TokenIsRequiredWhenConfigured) {
  IngestOptions ingest;
  ingest.token = "s3cret-token";
  LiveServer server(fast_stream_options(), ingest);
  const std::string body = kSpot + "\n" + kCall1 + "\n";
  Reply missing = post(server.port(), "/fo/ingest/ticks", body);
  EXPECT_EQ(missing.result_int(), 401u);
  EXPECT_EQ(missing[http::field::www_authenticate], "Bearer realm=\"strikeline ingest\"");
  EXPECT_TRUE(body_of(missing).contains("detail"));
  Reply wrong =
      post(server.port(), "/fo/ingest/ticks", body,
           {{"Content-Type", "application/x-ndjson"}, {"Authorization", "Bearer s3cret-tokeN"}});
  EXPECT_EQ(wrong.result_int(), 403u);
  Reply scheme = post(server.port(), "/fo/ingest/bars", body,
                      {{"Content-Type", "application/x-ndjson"}, {"Authorization", "Basic eDp5"}});
  EXPECT_EQ(scheme.result_int(), 401u);
  EXPECT_TRUE(server.stored_bars().empty());
  Reply right =
      post(server.port(), "/fo/ingest/ticks", body,
           {{"Content-Type", "application/x-ndjson"}, {"Authorization", "Bearer s3cret-token"}});
  EXPECT_EQ(right.result_int(), 200u) << right.body();
  EXPECT_EQ(server.stored_bars().size(), 1u);
}

TEST(LiveIngest, BarsAsCsvAndNdjson) {
  LiveServer server;
  StrikeBar bar;
  bar.key = {"NIFTY", *parse_date("2024-11-07"), strike_rupees(24500), Timeframe::m1,
             utc_seconds(1730379600)};
  bar.underlying_close = 24350.75;
  bar.call.oi = 1000;
  bar.call.count = 1;
  bar.put.oi = 2000;
  bar.put.count = 1;
  StrikeBar other = bar;
  other.key.strike = strike_rupees(24550);
  const std::vector<StrikeBar> bars = {bar};
  Reply csv =
      post(server.port(), "/fo/ingest/bars", write_bars_csv(bars), {{"Content-Type", "text/csv"}});
  ASSERT_EQ(csv.result_int(), 200u) << csv.body();
  EXPECT_EQ(body_of(csv)["accepted"].as_int64(), 1);
  const std::vector<StrikeBar> others = {other};
  Reply nd = post(server.port(), "/fo/ingest/bars", write_bars_ndjson(others) + "{\"x\":1}\n");
  ASSERT_EQ(nd.result_int(), 200u) << nd.body();
  EXPECT_EQ(body_of(nd)["accepted"].as_int64(), 1);
  EXPECT_EQ(body_of(nd)["rejected"].as_array().size(), 1u);
  // No Content-Type: the content decides.
  Reply sniffed = post(server.port(), "/fo/ingest/bars", write_bars_csv(bars), {});
  EXPECT_EQ(sniffed.result_int(), 200u) << sniffed.body();
  EXPECT_EQ(server.stored_bars().size(), 2u);
  // A CSV header without the required columns, and NDJSON declared as CSV: refused whole.
  EXPECT_EQ(post(server.port(), "/fo/ingest/bars", "a,b\n1,2\n", {{"Content-Type", "text/csv"}})
                .result_int(),
            400u);
  EXPECT_EQ(post(server.port(), "/fo/ingest/bars", write_bars_ndjson(others),
                 {{"Content-Type", "text/csv"}})
                .result_int(),
            400u);
  EXPECT_EQ(server.stored_bars().size(), 2u);
}

TEST(LiveIngest, MetricsCountLines) {
  LiveServer server;
  post(server.port(), "/fo/ingest/ticks", kSpot + "\n" + kCall1 + "\nnope\n");
  TestClient client(server.port());
  const std::string text = client.get("/metrics").body();
  EXPECT_NE(text.find(R"(strikeline_ingest_lines_total{kind="ticks",outcome="accepted"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(strikeline_ingest_lines_total{kind="ticks",outcome="rejected"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find("strikeline_stream_clients 0"), std::string::npos);
}

TEST(LiveIngest, CrossSiteBrowserRequestsAreRefusedAndStoreNothing) {
  LiveServer server;  // no token: loopback clients may ingest, but not a browser page of a site
  const std::string body = kSpot + "\n" + kCall1 + "\n";
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"Origin", "https://evil.example"},
                                                        {"Origin", "null"},
                                                        {"Sec-Fetch-Site", "cross-site"},
                                                        {"Sec-Fetch-Site", "same-site"}}) {
    Reply r = post(server.port(), "/fo/ingest/ticks", body,
                   {{"Content-Type", "text/plain"}, {name, value}});
    EXPECT_EQ(r.result_int(), 403u) << name << ": " << value;
    EXPECT_NE(r.body().find("another site"), std::string::npos) << r.body();
  }
  EXPECT_TRUE(server.stored_bars().empty());
  // The server's own origin, and a request the user typed (Sec-Fetch-Site: none), may.
  const std::string origin = "http://127.0.0.1:" + std::to_string(server.port());
  Reply r = post(server.port(), "/fo/ingest/ticks", body,
                 {{"Content-Type", "application/x-ndjson"},
                  {"Host", "127.0.0.1:" + std::to_string(server.port())},
                  {"Origin", origin},
                  {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_EQ(server.stored_bars().size(), 1u);
}

TEST(LiveIngest, TicksOutsideTheLiveWindowAreRejectedLines) {
  LiveServer server;  // its clock: 2024-10-31 14:00 UTC
  const std::string future =
      R"({"ts":1730383500,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":1})";
  const std::string old =
      R"({"ts":1730290000,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":1})";
  Reply r =
      post(server.port(), "/fo/ingest/ticks", kSpot + "\n" + future + "\n" + old + "\n" + kCall1);
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  json::object b = body_of(r);
  EXPECT_EQ(b["accepted"].as_int64(), 2);
  json::array rejected = b["rejected"].as_array();
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0].as_object()["line"].as_int64(), 2);
  EXPECT_NE(std::string(rejected[0].as_object()["detail"].as_string()).find("ahead of the server"),
            std::string::npos);
  EXPECT_EQ(rejected[1].as_object()["line"].as_int64(), 3);
}

TEST(IngestAuth, LoopbackOnlyWithoutToken) {
  HttpRequest req{http::verb::post, "/fo/ingest/ticks", 11};
  IngestAuth open;
  EXPECT_FALSE(open.check(req, boost::asio::ip::make_address("127.0.0.1")));
  EXPECT_FALSE(open.check(req, boost::asio::ip::make_address("127.8.9.1")));
  EXPECT_FALSE(open.check(req, boost::asio::ip::make_address("::1")));
  EXPECT_FALSE(open.check(req, boost::asio::ip::make_address("::ffff:127.0.0.1")));
  auto remote = open.check(req, boost::asio::ip::make_address("10.1.2.3"));
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->status, http::status::forbidden);
  EXPECT_TRUE(open.check(req, boost::asio::ip::make_address("::ffff:10.1.2.3")));
  // With a token, any address that presents it.
  IngestAuth guarded("t0k");
  req.set(http::field::authorization, "bearer t0k");
  EXPECT_FALSE(guarded.check(req, boost::asio::ip::make_address("10.1.2.3")));
}

TEST(IngestAuth, ConstantTimeEquals) {
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "abcd"));
  EXPECT_FALSE(constant_time_equals("abc", ""));
  EXPECT_FALSE(constant_time_equals(std::string("a\0", 2), "a"));
}

TEST(IngestContentType, Classification) {
  EXPECT_EQ(classify_ingest_content_type("application/x-ndjson"), IngestMediaType::ndjson);
  EXPECT_EQ(classify_ingest_content_type("Application/JSON; charset=utf-8"),
            IngestMediaType::ndjson);
  EXPECT_EQ(classify_ingest_content_type("text/csv"), IngestMediaType::csv);
  EXPECT_EQ(classify_ingest_content_type(""), IngestMediaType::sniff);
  EXPECT_EQ(classify_ingest_content_type("text/plain"), IngestMediaType::sniff);
  EXPECT_EQ(classify_ingest_content_type("image/png"), IngestMediaType::unsupported);
}
