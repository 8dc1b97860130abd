// gzip of HTTP responses (api/http_compression.h): which Accept-Encoding values accept gzip; a
// round trip through zlib; a compressed answer of a real server decompresses to exactly the
// identity answer, a client without Accept-Encoding (or refusing gzip) gets identity, small
// answers go as they are, Vary: Accept-Encoding either way; the response cache keeps the
// compressed form beside the identity one once a gzip client asked, so nothing is compressed twice.
#include <gtest/gtest.h>

#include <random>

#include "api/endpoints/endpoints.h"
#include "api/http_compression.h"
#include "fixtures/test_client.h"
#include "fixtures/test_server.h"

using namespace strikeline;
using namespace strikeline::testing;

namespace {

TEST(HttpCompression, AcceptEncodingRules) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, gzip;q=0.5, br"));
  EXPECT_TRUE(accepts_gzip("GZIP"));
  EXPECT_TRUE(accepts_gzip("x-gzip"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, *;q=0.1"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0, *"));  // named and refused beats the wildcard
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=abc"));  // malformed: taken as a refusal
  EXPECT_FALSE(accepts_gzip("gzipx"));
}

TEST(HttpCompression, WorthCompressingTextOfAKilobyteOrMore) {
  EXPECT_TRUE(worth_compressing("application/json", 1024));
  EXPECT_FALSE(worth_compressing("application/json", 1023));
  EXPECT_TRUE(worth_compressing("text/csv; charset=utf-8", 5000));
  EXPECT_TRUE(worth_compressing("text/javascript", 5000));
  EXPECT_FALSE(worth_compressing("image/png", 50000));
  EXPECT_FALSE(worth_compressing("", 50000));
}

TEST(HttpCompression, GzipRoundTripsAndRefusesWhatIsNotGzip) {
  std::mt19937 random(7);
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "{\"strike\":" + std::to_string(random() % 500) + "},";
  std::string binary(70000, '\0');
  for (char& c : binary) c = static_cast<char>(random());
  for (const std::string& data : {text, binary, std::string()}) {
    const std::string packed = gzip_compress(data);
    ASSERT_GE(packed.size(), 18u);                           // a header and a trailer at least
    EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);  // RFC 1952 magic
    EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
    EXPECT_EQ(gzip_decompress(packed, data.size()), data);
  }
  EXPECT_LT(gzip_compress(text).size(), text.size() / 4);
  const std::string packed = gzip_compress(text);
  EXPECT_FALSE(gzip_decompress(packed.substr(0, packed.size() / 2), 1 << 30));  // truncated
  EXPECT_FALSE(gzip_decompress(packed + "x", 1 << 30));                         // trailing bytes
  EXPECT_FALSE(gzip_decompress(text, 1 << 30));                                 // not gzip
  EXPECT_FALSE(gzip_decompress(packed, text.size() - 1));  // larger than allowed
}

TEST(HttpCompression, VaryKeepsWhatIsThere) {
  HttpResponse res;
  vary_on_accept_encoding(res);
  EXPECT_EQ(res[http::field::vary], "Accept-Encoding");
  res.set(http::field::vary, "Origin");
  vary_on_accept_encoding(res);
  EXPECT_EQ(res[http::field::vary], "Origin, Accept-Encoding");
  vary_on_accept_encoding(res);
  EXPECT_EQ(res[http::field::vary], "Origin, Accept-Encoding");
}

// A chain of 41 strikes, 5-minute bars over six hours: a moneyness series of several kilobytes.
std::shared_ptr<InMemoryChain> large_chain() {
  auto chain = std::make_shared<InMemoryChain>();
  for (int bucket = 0; bucket < 72; ++bucket) {
    const UtcSeconds t = kT0 - std::chrono::hours{6} + std::chrono::minutes{5 * (bucket + 1)};
    const double spot = 24350 + 3 * bucket;
    for (int i = -20; i <= 20; ++i) {
      StrikeBar bar = bar_at("NIFTY", kNov4, 24350 + 50 * i, Timeframe::m5, t, spot);
      bar.call = with_oi(with_greeks({}, 15 + 0.01 * bucket + 0.1 * i, 0.5), 1000 + bucket + i);
      bar.put = with_oi(with_greeks({}, 16 + 0.01 * bucket - 0.1 * i, -0.5), 2000 + bucket - i);
      chain->add(bar);
    }
  }
  return chain;
}

class CompressedServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(test_config(), {}, large_chain()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static Reply get(const std::string& target, const Headers& headers = {}) {
    TestClient client(server_->port());
    return client.get(target, headers);
  }
  static TestServer* server_;
};
TestServer* CompressedServer::server_ = nullptr;

const std::string kSeries = "/fo/moneyness-series?symbol=NIFTY&expiry=2025-11-04&timeframe=5min";

TEST_F(CompressedServer, ACompressedAnswerDecompressesToExactlyTheIdentityOne) {
  // First a client without Accept-Encoding: identity, and the answer is cached.
  const Reply identity = get(kSeries);
  ASSERT_EQ(identity.result_int(), 200u) << identity.body();
  EXPECT_EQ(identity.count(http::field::content_encoding), 0u);
  EXPECT_EQ(identity[http::field::vary], "Accept-Encoding");
  ASSERT_GT(identity.body().size(), 8 * 1024u);
  // A gzip client: compressed (once) from the cached answer.
  const Reply gzipped = get(kSeries, {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(gzipped.result_int(), 200u);
  EXPECT_EQ(gzipped[http::field::content_encoding], "gzip");
  EXPECT_EQ(gzipped[http::field::vary], "Accept-Encoding");
  EXPECT_EQ(gzipped[http::field::content_type], "application/json");
  EXPECT_EQ(std::stoul(std::string(gzipped[http::field::content_length])), gzipped.body().size());
  EXPECT_LT(gzipped.body().size(), identity.body().size() / 4);
  EXPECT_EQ(gzip_decompress(gzipped.body(), 1 << 26), identity.body());
  // Refusing gzip, or no header: identity again.
  for (const Headers& headers : {Headers{{"Accept-Encoding", "gzip;q=0, br"}}, Headers{}}) {
    const Reply plain = get(kSeries, headers);
    EXPECT_EQ(plain.count(http::field::content_encoding), 0u);
    EXPECT_EQ(plain.body(), identity.body());
  }
}

TEST_F(CompressedServer, AGzipClientFirstFillsTheCacheForIdentityClientsToo) {
  const std::string target = kSeries + "&indicator=oi";              // not asked for before
  const Reply gzipped = get(target, {{"Accept-Encoding", "gzip"}});  // computed and compressed
  ASSERT_EQ(gzipped[http::field::content_encoding], "gzip");
  const Reply plain = get(target);  // from the cache
  EXPECT_EQ(plain.count(http::field::content_encoding), 0u);
  EXPECT_EQ(gzip_decompress(gzipped.body(), 1 << 26), plain.body());
  const Reply again = get(target, {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(again.body(), gzipped.body());
}

TEST_F(CompressedServer, SmallAnswersAndErrorsGoAsTheyAre) {
  const Reply health = get("/health", {{"Accept-Encoding", "gzip"}});
  ASSERT_LT(health.body().size(), 1024u);
  EXPECT_EQ(health.count(http::field::content_encoding), 0u);
  EXPECT_EQ(health.count(http::field::vary), 0u);
  const Reply bad = get("/fo/moneyness-series?timeframe=7min", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_EQ(bad.count(http::field::content_encoding), 0u);
  // Not an /fo answer but large: compressed on the way out as well (the OpenAPI document).
  const Reply openapi = get("/openapi.json", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(openapi[http::field::content_encoding], "gzip");
  EXPECT_EQ(gzip_decompress(openapi.body(), 1 << 26), get("/openapi.json").body());
}

TEST(ResponseCacheCompression, TheCacheKeepsTheCompressedFormSoNothingIsCompressedTwice) {
  ServiceContext service;
  std::shared_ptr<const ChainReader> chain = sample_chain();
  service.snapshot = [chain] { return chain; };
  service.now = [] { return kNow; };
  auto fo = std::make_shared<FoContext>(service, 16, 1 << 20);
  int computed = 0;
  const std::string body(5000, 'x');
  Handler handler = fo_route(fo, [&](const ChainReader&, const RequestContext&, HttpResponse& res) {
    ++computed;
    res.body() = body;
    return std::uint64_t{0};
  });
  const QueryParams params;
  const std::string key = "/fo/x#" + std::to_string(ist_date(kNow).time_since_epoch().count());
  auto request = [&](const char* accept_encoding) {
    HttpRequest req{http::verb::get, "/fo/x", 11};
    if (accept_encoding) req.set(http::field::accept_encoding, accept_encoding);
    HttpResponse res;
    res.set(http::field::content_type, "application/json");
    handler(RequestContext{req, "/fo/x", params, kNow, {}}, res);
    return res;
  };
  // An identity client first: the identity form only, nothing compressed.
  HttpResponse res = request(nullptr);
  EXPECT_EQ(res.count(http::field::content_encoding), 0u);
  EXPECT_EQ(res.body(), body);
  ASSERT_TRUE(fo->cache.find(chain.get(), key));
  EXPECT_TRUE(fo->cache.find(chain.get(), key)->gzip_body.empty());
  // A gzip client: compressed once, and the entry keeps the compressed form beside the identity.
  res = request("gzip");
  EXPECT_EQ(res[http::field::content_encoding], "gzip");
  EXPECT_EQ(gzip_decompress(res.body(), 1 << 20), body);
  const auto cached = fo->cache.find(chain.get(), key);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->body, body);
  EXPECT_EQ(cached->gzip_body, res.body());
  // Later hits of either kind are sent as stored (the same bytes), nothing computed again.
  for (int i = 0; i < 2; ++i) {
    const HttpResponse gz = request("gzip");
    EXPECT_EQ(gz.body(), cached->gzip_body);
    EXPECT_EQ(request(nullptr).body(), body);
  }
  EXPECT_EQ(fo->cache.find(chain.get(), key), cached);  // not replaced again
  EXPECT_EQ(computed, 1);
}

}  // namespace
