// The HTTP server's own behaviour against a real server on 127.0.0.1: errors as JSON (404, 405,
// 413, 431), keep-alive and pipelining, concurrent clients, a stalled client timed out while others
// are served, graceful drain, CORS, correlation ids, HEAD, and errors from handlers.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <thread>

#include "fixtures/test_client.h"
#include "fixtures/test_server.h"
#include "store/bar_repository.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string detail_of(const Reply& reply) {
  return std::string(parse_json(reply).as_object()["detail"].as_string());
}

// A route whose handler takes a while, to catch a request in flight; it counts the requests it
// began, so a test knows when one is in flight instead of guessing with a sleep.
std::atomic<int> slow_requests_begun{0};

void add_slow_route(ServiceContext&, Router& router) {
  router.get("/test/slow", [](const RequestContext&, HttpResponse& res) {
    ++slow_requests_begun;
    std::this_thread::sleep_for(300ms);
    res.body() = R"({"slow":true})";
  });
}

// Sends GET /test/slow on `client` and returns once its handler runs (at most 10 s).
void begin_slow_request(TestClient& client) {
  const int before = slow_requests_begun.load();
  client.send_raw("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  for (int i = 0; i < 1000 && slow_requests_begun.load() == before; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_GT(slow_requests_begun.load(), before) << "the slow handler did not start within 10 s";
}

}  // namespace

TEST(HttpServer, UnknownRouteIs404Json) {
  TestServer server;
  TestClient client(server.port());
  Reply reply = client.get("/fo/unknown?symbol=NIFTY");
  EXPECT_EQ(reply.result_int(), 404u);
  EXPECT_EQ(reply[http::field::content_type], "application/json");
  EXPECT_EQ(detail_of(reply),
            "not found: no route for '/fo/unknown'; see /openapi.json for the routes");
}

TEST(HttpServer, WrongMethodIs405WithAllow) {
  TestServer server;
  TestClient client(server.port());
  Reply reply = client.request(http::verb::post, "/fo/strike-distribution", {}, "{}");
  EXPECT_EQ(reply.result_int(), 405u);
  EXPECT_EQ(reply[http::field::allow], "GET, HEAD");
  EXPECT_EQ(detail_of(reply), "POST is not allowed on /fo/strike-distribution; allowed: GET, HEAD");
  reply = client.request(http::verb::delete_, "/health");
  EXPECT_EQ(reply.result_int(), 405u);
}

TEST(HttpServer, OversizedHeaderIs431) {
  TestServer server;
  TestClient client(server.port());
  Reply reply = client.get("/health", {{"X-Padding", std::string(10 * 1024, 'a')}});
  EXPECT_EQ(reply.result_int(), 431u);
  EXPECT_EQ(detail_of(reply),
            "request line and headers too large: at most 8192 bytes (shorten the URL or headers)");
  EXPECT_EQ(reply[http::field::connection], "close");
}

TEST(HttpServer, OversizedUrlIs431) {
  TestServer server;
  TestClient client(server.port());
  Reply reply = client.get("/fo/expiries?symbol=" + std::string(9000, 'N'));
  EXPECT_EQ(reply.result_int(), 431u);
  EXPECT_EQ(reply[http::field::content_type], "application/json");
  // The server still serves others.
  EXPECT_EQ(TestClient(server.port()).get("/health").result_int(), 200u);
}

TEST(HttpServer, OversizedBodyIs413) {
  TestServer server;  // max_body_bytes = 64 KiB
  TestClient client(server.port());
  Reply reply =
      client.request(http::verb::post, "/fo/strike-distribution", {}, std::string(100000, 'x'));
  EXPECT_EQ(reply.result_int(), 413u);
  EXPECT_EQ(detail_of(reply), "request body too large: at most 65536 bytes");
}

TEST(HttpServer, MalformedRequestIs400) {
  TestServer server;
  TestClient client(server.port());
  client.send_raw("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
  auto reply = client.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 400u);
  EXPECT_EQ(detail_of(*reply), "malformed HTTP request");
}

TEST(HttpServer, KeepAliveReusesOneConnection) {
  TestServer server;
  TestClient client(server.port());
  for (int i = 0; i < 5; ++i) {
    Reply reply = client.get(i % 2 ? "/health" : "/fo/expiries");
    EXPECT_EQ(reply.result_int(), 200u);
    EXPECT_TRUE(reply.keep_alive());
  }
  // Two pipelined requests in one write: two responses, in order.
  client.send_raw(
      "GET /fo/expiries?symbol=BANKNIFTY HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /fo/expiries?symbol=NIFTY HTTP/1.1\r\nHost: x\r\n\r\n");
  auto first = client.read_reply();
  auto second = client.read_reply();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(parse_json(*first).as_object()["symbol"].as_string(), "BANKNIFTY");
  EXPECT_EQ(parse_json(*second).as_object()["symbol"].as_string(), "NIFTY");
  // All of it on one accepted connection.
  const std::string metrics = client.get("/metrics").body();
  EXPECT_NE(metrics.find("http_connections_accepted_total 1\n"), std::string::npos) << metrics;
}

TEST(HttpServer, ConnectionCloseIsHonoured) {
  TestServer server;
  TestClient client(server.port());
  Reply reply = client.get("/health", {{"Connection", "close"}});
  EXPECT_EQ(reply.result_int(), 200u);
  EXPECT_FALSE(reply.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, ConcurrentClients) {
  TestServer server;
  constexpr int kThreads = 8, kRequests = 50;
  std::atomic<int> ok{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      TestClient client(server.port());
      for (int i = 0; i < kRequests; ++i) {
        const bool distribution = (i + t) % 2 == 0;
        Reply reply = client.get(
            distribution ? "/fo/strike-distribution?indicator=oi&strike_range=1" : "/fo/expiries");
        json::object body = parse_json(reply).as_object();
        const bool right =
            reply.result_int() == 200 && (distribution ? body["series"].as_array().size() == 2
                                                       : body["expiries"].as_array().size() == 3);
        (right ? ok : wrong).fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kRequests);
  EXPECT_EQ(wrong.load(), 0);
}

TEST(HttpServer, StalledClientIsTimedOutWhileOthersAreServed) {
  TestServer server;  // read_timeout 400 ms
  TestClient stalled(server.port());
  stalled.send_raw("GET /fo/strike-distribution HTTP/1.1\r\nHost: x\r\nX-Half: ");
  // Meanwhile others are served, on both worker threads.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(TestClient(server.port()).get("/health").result_int(), 200u);
  }
  EXPECT_TRUE(stalled.closed_by_server());
  // The timer closes the socket before the connection counts the timeout: wait (bounded) for it.
  std::string metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = TestClient(server.port()).get("/metrics").body();
    if (metrics.find("http_request_read_timeouts_total 1\n") != std::string::npos) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(metrics.find("http_request_read_timeouts_total 1\n"), std::string::npos);
}

TEST(HttpServer, IdleKeepAliveConnectionIsClosed) {
  ServerConfig config = test_config();
  config.idle_timeout = 300ms;
  TestServer server(config);
  TestClient client(server.port());
  EXPECT_EQ(client.get("/health").result_int(), 200u);
  EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, GracefulStopFinishesInFlightRequests) {
  TestServer server(test_config(), add_slow_route);
  TestClient idle(server.port());
  EXPECT_EQ(idle.get("/health").result_int(), 200u);  // now idle on keep-alive
  TestClient busy(server.port());
  ASSERT_NO_FATAL_FAILURE(begin_slow_request(busy));
  server.server->stop();
  auto reply = busy.read_reply();
  ASSERT_TRUE(reply);  // the request in flight was answered
  EXPECT_EQ(reply->result_int(), 200u);
  EXPECT_EQ(reply->body(), R"({"slow":true})");
  EXPECT_FALSE(reply->keep_alive());
  EXPECT_TRUE(busy.closed_by_server());
  EXPECT_TRUE(idle.closed_by_server());
  server.server->wait();
  EXPECT_THROW(TestClient{server.port()}, boost::system::system_error);  // no longer listening
}

TEST(HttpServer, SigtermDrains) {
  ServerConfig config = test_config();
  config.handle_signals = true;
  TestServer server(config, add_slow_route);
  TestClient busy(server.port());
  ASSERT_NO_FATAL_FAILURE(begin_slow_request(busy));
  std::raise(SIGTERM);
  auto reply = busy.read_reply();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200u);
  server.server->wait();  // returns: the signal stopped the server
}

// Zero-downtime restart (README "Zero-downtime restart"): a client that sends on its keep-alive
// connection just as the stop begins is served (with Connection: close), not reset.
TEST(HttpServer, StopServesOneMoreRequestOnIdleKeepAlive) {
  TestServer server;  // drain_grace: 1 s
  TestClient idle(server.port());
  EXPECT_EQ(idle.get("/health").result_int(), 200u);
  server.server->stop();
  std::this_thread::sleep_for(100ms);  // the stop has begun; the connection is still idle
  Reply reply = idle.get("/health");
  EXPECT_EQ(reply.result_int(), 200u);
  EXPECT_FALSE(reply.keep_alive());
  EXPECT_TRUE(idle.closed_by_server());
  server.server->wait();
}

TEST(HttpServer, StopClosesIdleKeepAliveAfterTheGrace) {
  ServerConfig config = test_config();
  config.drain_grace = 200ms;
  TestServer server(config);
  TestClient idle(server.port());
  EXPECT_EQ(idle.get("/health").result_int(), 200u);
  server.server->stop();
  EXPECT_TRUE(idle.closed_by_server(2s));
  server.server->wait();
}

// Connections the kernel completed but the server had not accepted yet (its only thread was busy)
// when the stop began are accepted and answered, not reset by closing the listening socket.
// Connections made just before the stop (still in the kernel's backlog, or accepted but without a
// request yet: the accept thread takes them at once) each get one request answered, with
// Connection: close, instead of a reset.
TEST(HttpServer, StopServesTheAcceptBacklog) {
  ServerConfig config = test_config();
  config.threads = 1;
  TestServer server(config, add_slow_route);
  TestClient busy(server.port());
  ASSERT_NO_FATAL_FAILURE(begin_slow_request(busy));  // a request in flight during the stop
  std::vector<std::unique_ptr<TestClient>> queued;
  for (int i = 0; i < 3; ++i) queued.push_back(std::make_unique<TestClient>(server.port()));
  server.server->stop();
  for (auto& client : queued) client->send_raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  auto slow = busy.read_reply();
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->result_int(), 200u);
  for (auto& client : queued) {
    auto reply = client->read_reply();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->result_int(), 200u);
    EXPECT_FALSE(reply->keep_alive());
  }
  server.server->wait();
}

// Zero-downtime restart: once a second server listens on the same port (SO_REUSEPORT), every new
// connection goes to it, none to the one about to stop; when it is alone again it takes them all.
TEST(HttpServer, NewConnectionsGoToTheNewestListenerOnThePort) {
  auto who = [](std::string name) {
    return [name](ServiceContext&, Router& router) {
      router.get("/test/who", [name](const RequestContext&, HttpResponse& res) {
        res.body() = "\"" + name + "\"";
      });
    };
  };
  TestServer old_server(test_config(), who("old"));
  ServerConfig config = test_config();
  config.port = old_server.port();
  EXPECT_EQ(TestClient(old_server.port()).get("/test/who").body(), "\"old\"");
  auto new_server = std::make_unique<TestServer>(config, who("new"));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(TestClient(config.port).get("/test/who").body(), "\"new\"");
  }
  new_server.reset();  // the old one is alone again
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(TestClient(config.port).get("/test/who").body(), "\"old\"");
  }
}

TEST(HttpServer, HandlerErrorsNeverLeakTheirText) {
  TestServer server(test_config(), [](ServiceContext&, Router& router) {
    router.get("/test/throws", [](const RequestContext&, HttpResponse&) {
      throw std::runtime_error("secret internal text");
    });
    router.get("/test/storage", [](const RequestContext&, HttpResponse&) {
      throw StorageError("disk path /var/lib/secret");
    });
  });
  TestClient client(server.port());
  Reply reply = client.get("/test/throws", {{"X-Correlation-ID", "abc-123"}});
  EXPECT_EQ(reply.result_int(), 500u);
  EXPECT_EQ(detail_of(reply), "internal error; quote X-Correlation-ID abc-123");
  EXPECT_EQ(reply.body().find("secret"), std::string::npos);
  reply = client.get("/test/storage");
  EXPECT_EQ(reply.result_int(), 503u);
  EXPECT_EQ(reply.body().find("secret"), std::string::npos);
  EXPECT_EQ(client.get("/health").result_int(), 200u);  // the connection survives
}

TEST(HttpServer, CorrelationIdAndProcessTime) {
  TestServer server;
  TestClient client(server.port());
  Reply reply = client.get("/health", {{"X-Correlation-ID", "req-42.a_b:c"}});
  EXPECT_EQ(reply["X-Correlation-ID"], "req-42.a_b:c");
  const std::string process_time(reply["X-Process-Time"]);
  ASSERT_FALSE(process_time.empty());
  EXPECT_GE(std::stod(process_time), 0.0);
  // Absent or unsafe ids are replaced by a generated one.
  for (const Headers& headers : {Headers{}, Headers{{"X-Correlation-ID", "bad id\"<>"}}}) {
    reply = client.get("/health", headers);
    const std::string id(reply["X-Correlation-ID"]);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  }
}

TEST(HttpServer, CorsForConfiguredOrigins) {
  TestServer server;  // allows http://dash.example
  TestClient client(server.port());
  Reply reply = client.get("/fo/expiries", {{"Origin", "http://dash.example"}});
  EXPECT_EQ(reply[http::field::access_control_allow_origin], "http://dash.example");
  EXPECT_EQ(reply[http::field::vary], "Origin");
  reply = client.get("/fo/expiries", {{"Origin", "http://evil.example"}});
  EXPECT_EQ(reply.count(http::field::access_control_allow_origin), 0u);
  reply =
      client.request(http::verb::options, "/fo/strike-distribution",
                     {{"Origin", "http://dash.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(reply.result_int(), 204u);
  EXPECT_EQ(reply[http::field::access_control_allow_origin], "http://dash.example");
  EXPECT_EQ(reply[http::field::access_control_allow_methods], "GET, HEAD");
}

TEST(HttpServer, HeadHasLengthButNoBody) {
  TestServer server;
  TestClient client(server.port());
  client.send_raw("HEAD /fo/expiries HTTP/1.1\r\nHost: x\r\n\r\n");
  auto reply = client.read_reply(/*head=*/true);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result_int(), 200u);
  EXPECT_GT(std::stoul(std::string((*reply)[http::field::content_length])), 10u);
  EXPECT_TRUE(reply->body().empty());
  EXPECT_EQ(client.get("/health").result_int(), 200u);  // the stream stayed in sync
}

// Asks for a WebSocket upgrade of /fo/stream and returns the status the server answered (0: none).
unsigned upgrade(TestClient& client) {
  client.send_raw(
      "GET /fo/stream HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
  auto reply = client.read_reply(true);
  return reply ? reply->result_int() : 0u;
}

// Upgraded connections keep their place under max_connections until their handler lets it go: a
// server full of WebSocket clients refuses one more connection, and takes it once one has left.
TEST(HttpServer, UpgradedConnectionsCountAgainstMaxConnections) {
  std::mutex mutex;
  std::vector<std::pair<std::shared_ptr<boost::beast::tcp_stream>, ConnectionSlot>> held;
  ServerConfig config = test_config();
  config.max_connections = 2;
  config.reserved_loopback_connections = 0;
  TestServer server(config, [&](ServiceContext&, Router& router) {
    router.upgrade(
        "/fo/stream", "websocket",
        [&](boost::beast::tcp_stream&& stream, HttpRequest&&, ConnectionSlot slot) {
          auto kept = std::make_shared<boost::beast::tcp_stream>(std::move(stream));
          {
            std::lock_guard lock(mutex);  // kept before the client hears back
            held.emplace_back(kept, std::move(slot));
          }
          boost::asio::write(
              kept->socket(),
              boost::asio::buffer(std::string_view("HTTP/1.1 101 Switching Protocols\r\n\r\n")));
        });
  });
  std::vector<std::unique_ptr<TestClient>> upgraded;
  for (int i = 0; i < 2; ++i) {
    upgraded.push_back(std::make_unique<TestClient>(server.port()));
    ASSERT_EQ(upgrade(*upgraded.back()), 101u);
  }
  {
    TestClient refused(server.port());
    refused.send_raw("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    // Closed at once (two upgraded connections are open), after a best-effort 503.
    if (auto reply = refused.read_reply()) {
      EXPECT_EQ(reply->result_int(), 503u);
      EXPECT_EQ((*reply)[http::field::retry_after], "1");
    }
  }
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(held.size(), 2u);
    boost::system::error_code ignored;
    held.front().first->socket().close(ignored);
    held.erase(held.begin());  // the handler lets one go
  }
  TestClient accepted(server.port());
  EXPECT_EQ(accepted.get("/health").result_int(), 200u);
  std::lock_guard lock(mutex);
  held.clear();
}

// A stream session may end after the server that accepted it (the hub holds it): releasing its slot
// then touches nothing of the server (the sanitizer build would report a use after free).
TEST(HttpServer, AConnectionSlotMayOutliveTheServer) {
  std::mutex mutex;
  ConnectionSlot kept;
  {
    TestServer server(test_config(), [&](ServiceContext&, Router& router) {
      router.upgrade(
          "/fo/stream", "websocket",
          [&](boost::beast::tcp_stream&& stream, HttpRequest&&, ConnectionSlot slot) {
            {
              std::lock_guard lock(mutex);
              kept = std::move(slot);
            }
            boost::asio::write(
                stream.socket(),
                boost::asio::buffer(std::string_view("HTTP/1.1 101 Switching Protocols\r\n\r\n")));
            stream.socket().close();
          });
    });
    TestClient client(server.port());
    ASSERT_EQ(upgrade(client), 101u);
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(kept.use_count(), 1);  // a slot carries no pointer, only its release
  kept.reset();
}

TEST(HttpServer, UpgradeHookTakesTheConnection) {
  std::atomic<bool> called{false};
  TestServer server(test_config(), [&](ServiceContext&, Router& router) {
    router.upgrade("/fo/stream", "websocket",
                   [&](boost::beast::tcp_stream&& stream, HttpRequest&& req, ConnectionSlot) {
                     called = true;
                     const std::string reply =
                         "HTTP/1.1 101 Switching Protocols\r\n\r\n" + std::string(req.target());
                     boost::asio::write(stream.socket(), boost::asio::buffer(reply));
                     stream.socket().close();
                   });
  });
  TestClient client(server.port());
  EXPECT_EQ(upgrade(client), 101u);
  EXPECT_TRUE(called.load());
}
