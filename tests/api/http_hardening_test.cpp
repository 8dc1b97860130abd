// The HTTP server against a hostile client and a bad day (issue 26), on a real server on loopback:
// the header limit counted over the whole header; `Expect: 100-continue`; a slow upload that keeps
// coming is not cut off; a silent new connection is dropped sooner than an idle keep-alive one;
// one client address cannot take every connection and a loopback /health probe is still answered;
// a Host the server does not serve is 421 (DNS rebinding); unread answers past the budget are 503
// with Retry-After; a slow handler holds up neither /health nor new connections; a streamed route
// refuses on the header before any of the body is read; every 503 says Retry-After.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "api/host_policy.h"
#include "fixtures/test_client.h"
#include "fixtures/test_server.h"
#include "store/bar_repository.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono_literals;

namespace hardening {

std::string detail_of(const Reply& reply) {
  return std::string(parse_json(reply).as_object()["detail"].as_string());
}

// The header of a request whose whole header (request line, fields, blank line) is `size` bytes.
std::string request_of_header_size(std::size_t size) {
  const std::string head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ";
  return head + std::string(size - head.size() - 4, 'a') + "\r\n\r\n";
}

// Reads raw bytes until the end of a header block (or the receive timeout).
std::string read_interim(TestClient& client) {
  std::string got;
  char byte;
  boost::system::error_code ec;
  while (got.find("\r\n\r\n") == std::string::npos) {
    client.socket().read_some(boost::asio::buffer(&byte, 1), ec);
    if (ec) break;
    got += byte;
  }
  return got;
}

void add_echo_route(ServiceContext&, Router& router) {
  router.post("/test/echo", [](const RequestContext& ctx, HttpResponse& res) {
    res.body() = "{\"bytes\":" + std::to_string(ctx.request.body().size()) + "}";
  });
}

// Sum of http_requests_total for an endpoint, read from /metrics.
long requests_counted(std::uint16_t port, const std::string& endpoint) {
  TestClient client(port, 10s, "127.0.0.9");
  const std::string text = client.get("/metrics").body();
  const std::string prefix = "http_requests_total{endpoint=\"" + endpoint + "\"";
  long total = 0;
  for (std::size_t at = text.find(prefix); at != std::string::npos;
       at = text.find(prefix, at + 1)) {
    const auto space = text.find(' ', at);
    total += std::stol(text.substr(space + 1, text.find('\n', space) - space - 1));
  }
  return total;
}

}  // namespace hardening

using namespace hardening;

TEST(HttpHardening, TheHeaderLimitCountsTheWholeHeader) {
  TestServer server;  // max_header_bytes = 8192
  {
    // Four fields of 3000 bytes: 12 KB in all, though each arrives under the parser's own limit.
    std::string request = "GET /health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 4; ++i) {
      request += "X-Pad" + std::to_string(i) + ": " + std::string(3000, 'a') + "\r\n";
    }
    request += "\r\n";
    TestClient client(server.port());
    client.send_raw(request);
    auto reply = client.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 431u);
  }
  for (std::size_t size : {std::size_t{8192}, std::size_t{8193}}) {
    TestClient client(server.port());
    client.send_raw(request_of_header_size(size));
    auto reply = client.read_reply();
    ASSERT_TRUE(reply) << size;
    EXPECT_EQ(reply->result_int(), size <= 8192 ? 200u : 431u) << size;
  }
}

TEST(HttpHardening, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  TestServer server(test_config(), add_echo_route);
  TestClient client(server.port(), 3s);
  client.send_raw(
      "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  const std::string interim = read_interim(client);
  EXPECT_TRUE(interim.starts_with("HTTP/1.1 100 Continue\r\n")) << interim;
  client.send_raw("hello");
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200u);
  EXPECT_EQ(reply->body(), R"({"bytes":5})");
}

TEST(HttpHardening, ABodyTooLargeIsRefusedWithoutAContinue) {
  TestServer server(test_config(), add_echo_route);  // max_body_bytes = 64 KiB
  TestClient client(server.port(), 3s);
  client.send_raw(
      "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n"
      "\r\n");
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 413u);  // the final answer instead of 100: no body is sent
}

TEST(HttpHardening, ASlowUploadThatKeepsComingIsNotCutOff) {
  // read_timeout is 400 ms; the body takes about 1.2 s, a piece every 100 ms.
  TestServer server(test_config(), add_echo_route);
  TestClient client(server.port());
  client.send_raw("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 12000\r\n\r\n");
  for (int i = 0; i < 12; ++i) {
    std::this_thread::sleep_for(100ms);
    client.send_raw(std::string(1000, 'b'));
  }
  auto reply = client.read_reply();
  ASSERT_TRUE(reply) << "the upload was cut off";
  EXPECT_EQ(reply->body(), R"({"bytes":12000})");
}

TEST(HttpHardening, AStalledUploadIsCutOff) {
  TestServer server(test_config(), add_echo_route);
  TestClient client(server.port());
  client.send_raw("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 12000\r\n\r\nabc");
  EXPECT_TRUE(client.closed_by_server(5s));
}

TEST(HttpHardening, ASilentNewConnectionIsDroppedSoonerThanAnIdleOne) {
  ServerConfig config = test_config();
  config.first_byte_timeout = 300ms;
  config.idle_timeout = 5s;
  TestServer server(config);
  TestClient silent(server.port());
  EXPECT_TRUE(silent.closed_by_server(3s));
  TestClient used(server.port());
  EXPECT_EQ(used.get("/health").result_int(), 200u);
  std::this_thread::sleep_for(1s);  // idle past the first-byte timeout: still open
  EXPECT_EQ(used.get("/health").result_int(), 200u);
}

TEST(HttpHardening, OneClientCannotTakeEveryConnection) {
  ServerConfig config = test_config();
  config.max_connections = 50;
  config.max_connections_per_client = 3;
  config.reserved_loopback_connections = 1;
  TestServer server(config);
  std::vector<std::unique_ptr<TestClient>> flood;
  for (int i = 0; i < 3; ++i) flood.push_back(std::make_unique<TestClient>(server.port()));
  for (auto& c : flood) EXPECT_EQ(c->get("/fo/expiries").result_int(), 200u);
  {
    // Past its limit the flooding address gets a reserved slot: /health only.
    TestClient probe(server.port());
    EXPECT_EQ(probe.get("/health").result_int(), 200u);
    EXPECT_TRUE(probe.closed_by_server(3s));  // one request per reserved slot
  }
  {
    // A silent connection on the one reserved slot gives way to a newer probe.
    TestClient silent(server.port());
    std::this_thread::sleep_for(100ms);  // admitted before the probe
    TestClient probe(server.port());
    EXPECT_EQ(probe.get("/health").result_int(), 200u);
    EXPECT_TRUE(silent.closed_by_server(3s));
  }
  {
    TestClient more(server.port(), 3s);
    more.send_raw("GET /fo/expiries HTTP/1.1\r\nHost: x\r\n\r\n");
    auto reply = more.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 503u);
    EXPECT_EQ((*reply)[http::field::retry_after], "1");
  }
  // Another client is served as usual.
  TestClient other(server.port(), 10s, "127.0.0.2");
  EXPECT_EQ(other.get("/fo/expiries").result_int(), 200u);
}

TEST(HttpHardening, AHostTheServerDoesNotServeIs421) {
  TestServer server;  // allowed_hosts = {"x"}
  auto status_for = [&](const std::string& host) {
    TestClient client(server.port());
    client.send_raw("GET /fo/expiries HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    auto reply = client.read_reply();
    return reply ? reply->result_int() : 0u;
  };
  EXPECT_EQ(status_for("evil.example"), 421u);
  EXPECT_EQ(status_for("evil.example:8081"), 421u);
  EXPECT_EQ(status_for("127.0.0.1:8081"), 200u);
  EXPECT_EQ(status_for("[::1]:8081"), 200u);
  EXPECT_EQ(status_for("LOCALHOST"), 200u);
  EXPECT_EQ(status_for("app.localhost"), 200u);
  EXPECT_EQ(status_for("x:8081"), 200u);
  // A WebSocket upgrade from a rebound name is refused too.
  TestClient ws(server.port());
  ws.send_raw(
      "GET /fo/stream HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\nConnection: "
      "Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
      "13\r\n\r\n");
  auto reply = ws.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 421u);
  EXPECT_NE(hardening::detail_of(*reply).find("--allowed-host"), std::string::npos);
}

TEST(HostPolicy, NamesSuffixesAndLiterals) {
  const HostPolicy none("0.0.0.0", {});
  EXPECT_TRUE(none.allows(""));  // HTTP/1.0 without Host
  EXPECT_TRUE(none.allows("10.1.2.3:80"));
  EXPECT_TRUE(none.allows("[fe80::1]"));
  EXPECT_TRUE(none.allows("localhost.:8081"));
  EXPECT_FALSE(none.allows("strikeline.example.com"));
  EXPECT_FALSE(none.allows("fe80::1"));  // a bare IPv6 literal is not a Host value
  EXPECT_FALSE(none.allows("[::1"));
  const HostPolicy named("strikeline.internal", {".Example.com", "dash"});
  EXPECT_TRUE(named.allows("strikeline.internal:8081"));
  EXPECT_TRUE(named.allows("example.com"));
  EXPECT_TRUE(named.allows("a.b.EXAMPLE.com"));
  EXPECT_FALSE(named.allows("badexample.com"));
  EXPECT_TRUE(named.allows("DASH"));
  EXPECT_TRUE(HostPolicy("0.0.0.0", {"*"}).allows("anything.at.all"));
}

TEST(HttpHardening, UnreadAnswersPastTheBudgetAre503WithRetryAfter) {
  ServerConfig config = test_config();
  config.response_buffer_limit = 16 * 1024 * 1024;
  config.response_buffer_per_client = 16 * 1024 * 1024;
  TestServer server(config, [](ServiceContext&, Router& router) {
    router.get("/test/big", [](const RequestContext& ctx, HttpResponse& res) {
      // 6 MB, different for each request (no shared buffer).
      res.body().assign(6'000'000, 'a');
      res.body().replace(0, ctx.request.target().size(), ctx.request.target());
      res.body().shrink_to_fit();
      res.set(http::field::content_type, "text/plain");
    });
  });
  constexpr int kReaders = 6;
  std::vector<std::unique_ptr<TestClient>> readers;
  for (int i = 0; i < kReaders; ++i) {
    // A client that does not read takes a few hundred KB into the kernel's buffers, not 6 MB.
    readers.push_back(std::make_unique<TestClient>(server.port()));
    readers.back()->send_raw("GET /test/big?i=" + std::to_string(i) +
                             " HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  for (int i = 0; i < 500 && requests_counted(server.port(), "/test/big") < kReaders; ++i) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(requests_counted(server.port(), "/test/big"), kReaders);
  int ok = 0, refused = 0;
  for (auto& r : readers) {
    auto reply = r->read_reply();
    ASSERT_TRUE(reply);
    if (reply->result_int() == 200u) {
      ++ok;
      EXPECT_EQ(reply->body().size(), 6'000'000u);
    } else {
      EXPECT_EQ(reply->result_int(), 503u);
      EXPECT_EQ((*reply)[http::field::retry_after], "1");
      ++refused;
    }
  }
  // At most two 6 MB answers fit in 16 MiB at once; the others waited for none of them.
  EXPECT_LE(ok, 2);
  EXPECT_EQ(ok + refused, kReaders);
  EXPECT_GE(refused, kReaders - 2);
}

TEST(HttpHardening, ASlowHandlerHoldsUpNeitherHealthNorNewConnections) {
  ServerConfig config = test_config();
  config.threads = 1;
  config.handler_threads = 1;
  std::atomic<bool> begun{false}, finished{false};
  TestServer server(config, [&](ServiceContext&, Router& router) {
    router.get("/test/slow", [&](const RequestContext&, HttpResponse& res) {
      begun = true;
      std::this_thread::sleep_for(1500ms);
      finished = true;
      res.body() = "{}";
    });
  });
  TestClient slow(server.port());
  slow.send_raw("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  for (int i = 0; i < 500 && !begun; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(begun);
  TestClient probe(server.port());
  EXPECT_EQ(probe.get("/health").result_int(), 200u);
  EXPECT_FALSE(finished) << "/health waited for the slow handler";
  auto reply = slow.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200u);
}

namespace hardening {

// Counts the bytes of its body; refused (403) without the header X-Allowed.
class CountingBody final : public BodyReader {
 public:
  explicit CountingBody(std::atomic<std::size_t>& total) : total_(total) {}
  bool consume(std::string_view piece) override {
    bytes_ += piece.size();
    total_ += piece.size();
    ++pieces_;
    return true;
  }
  void finish(HttpResponse& res) override {
    res.body() =
        "{\"bytes\":" + std::to_string(bytes_) + ",\"pieces\":" + std::to_string(pieces_) + "}";
  }

 private:
  std::atomic<std::size_t>& total_;
  std::size_t bytes_ = 0, pieces_ = 0;
};

}  // namespace hardening

TEST(HttpHardening, AStreamedRouteRefusesOnTheHeaderBeforeTheBody) {
  std::atomic<std::size_t> read_bytes{0};
  TestServer server(test_config(), [&](ServiceContext&, Router& router) {
    router.post_streamed(
        "/test/upload",
        [&](const RequestContext& ctx, HttpResponse& res) -> std::unique_ptr<BodyReader> {
          if (ctx.request.count("X-Allowed") == 0) {
            res.result(http::status::forbidden);
            res.body() = R"({"detail":"no"})";
            return nullptr;
          }
          return std::make_unique<CountingBody>(read_bytes);
        },
        64 * 1024 * 1024);
  });
  {
    // 50 MB announced, none sent: the refusal comes at once.
    TestClient client(server.port(), 3s);
    client.send_raw("POST /test/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n");
    auto reply = client.read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 403u);
    EXPECT_EQ(read_bytes.load(), 0u);
  }
  {
    TestClient client(server.port());
    const std::string body(300'000, 'z');
    Reply reply = client.request(http::verb::post, "/test/upload", {{"X-Allowed", "1"}}, body);
    EXPECT_EQ(reply.result_int(), 200u);
    auto json = parse_json(reply).as_object();
    EXPECT_EQ(json["bytes"].as_int64(), 300'000);
    EXPECT_GE(json["pieces"].as_int64(), 5);  // taken in pieces of at most 64 KiB
  }
}

TEST(HttpHardening, Every503SaysWhenToComeBack) {
  TestServer server(test_config(), [](ServiceContext&, Router& router) {
    router.get("/test/storage", [](const RequestContext&, HttpResponse&) {
      throw StorageError("the disk is full");
    });
  });
  TestClient client(server.port());
  Reply reply = client.get("/test/storage");
  EXPECT_EQ(reply.result_int(), 503u);
  EXPECT_EQ(reply[http::field::retry_after], "1");
  EXPECT_EQ(hardening::detail_of(reply), "storage unavailable; retry later");
}
