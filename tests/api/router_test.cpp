#include "api/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace strikeline;

namespace {
Handler noop() {
  return [](const RequestContext&, HttpResponse&) {};
}
}  // namespace

TEST(Router, ExactPathsAndMethods) {
  Router router;
  router.get("/health", noop()).post("/fo/ingest/ticks", noop());
  auto m = router.match(http::verb::get, "/health");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path_template, "/health");
  EXPECT_NE(router.match(http::verb::head, "/health").route, nullptr);  // GET answers HEAD

  m = router.match(http::verb::post, "/health");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.path_template, "/health");
  EXPECT_EQ(m.allow, "GET, HEAD");

  m = router.match(http::verb::get, "/fo/ingest/ticks");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "POST");

  m = router.match(http::verb::get, "/nope");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_template.empty());
  EXPECT_EQ(router.match(http::verb::get, "/health/").route, nullptr);
}

TEST(Router, PrefixTemplatesLoseToExactOnes) {
  Router router;
  router.get("/*", noop()).get("/static/*", noop()).get("/health", noop());
  EXPECT_EQ(router.match(http::verb::get, "/health").route->path_template, "/health");
  EXPECT_EQ(router.match(http::verb::get, "/static/app.js").route->path_template, "/static/*");
  EXPECT_EQ(router.match(http::verb::get, "/static").route->path_template, "/static/*");
  EXPECT_EQ(router.match(http::verb::get, "/").route->path_template, "/*");
  EXPECT_EQ(router.match(http::verb::get, "/index.html").route->path_template, "/*");
  EXPECT_EQ(router.match(http::verb::post, "/index.html").allow, "GET, HEAD");
}

TEST(Router, RejectsBadOrDuplicateRoutes) {
  Router router;
  router.get("/a", noop());
  EXPECT_THROW(router.get("/a", noop()), std::logic_error);
  EXPECT_THROW(router.get("a", noop()), std::logic_error);
}

TEST(Router, UpgradeHooks) {
  Router router;
  router.upgrade("/fo/stream", "websocket",
                 [](boost::beast::tcp_stream&&, HttpRequest&&, ConnectionSlot) {});
  EXPECT_NE(router.match_upgrade("/fo/stream", "WebSocket"), nullptr);
  EXPECT_EQ(router.match_upgrade("/fo/stream", "h2c"), nullptr);
  EXPECT_EQ(router.match_upgrade("/other", "websocket"), nullptr);
}
