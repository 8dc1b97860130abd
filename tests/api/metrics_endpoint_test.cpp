// GET /metrics over HTTP: the runbook's names and labels, route templates (never raw URLs),
// counters that increase, and (when promtool is installed) a clean `promtool check metrics`.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "fixtures/test_client.h"
#include "fixtures/test_server.h"

using namespace strikeline;
using namespace strikeline::testing;

namespace {

// The value of one exact sample line ("name{labels}"), or -1 when absent.
double sample(const std::string& text, const std::string& series) {
  const std::string prefix = series + " ";
  std::size_t pos = 0;
  while ((pos = text.find(prefix, pos)) != std::string::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      return std::stod(text.substr(pos + prefix.size()));
    }
    pos += prefix.size();
  }
  return -1;
}

std::string scrape(TestClient& client) {
  Reply reply = client.get("/metrics");
  EXPECT_EQ(reply.result_int(), 200u);
  EXPECT_EQ(reply[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  return reply.body();
}

bool on_path(const char* program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string dirs(path);
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = dirs.find(':', start);
    const std::string dir =
        dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!dir.empty() && std::ifstream(dir + "/" + program).good()) return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace

TEST(MetricsEndpoint, NamesLabelsAndTemplates) {
  TestServer server;
  TestClient client(server.port());
  client.get("/fo/strike-distribution?indicator=oi");
  client.get("/fo/strike-distribution?indicator=iv&expiry=2025-11-04");
  client.get("/fo/strike-distribution?option_side=bad");
  client.get("/no/such/route?secret=1");
  const std::string text = scrape(client);

  EXPECT_NE(text.find("# TYPE http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE fo_oi_zero_count_total counter\n"), std::string::npos);
  EXPECT_EQ(sample(text, R"(http_requests_total{endpoint="/fo/strike-distribution",status="200"})"),
            2);
  EXPECT_EQ(sample(text, R"(http_requests_total{endpoint="/fo/strike-distribution",status="400"})"),
            1);
  EXPECT_EQ(sample(text, R"(http_requests_total{endpoint="unmatched",status="404"})"), 1);
  EXPECT_EQ(
      sample(text, R"(http_request_duration_seconds_count{endpoint="/fo/strike-distribution"})"),
      3);
  EXPECT_GE(
      sample(
          text,
          R"(http_request_duration_seconds_bucket{endpoint="/fo/strike-distribution",le="0.00005"})"),
      0);
  EXPECT_EQ(
      sample(text,
             R"(http_request_duration_seconds_bucket{endpoint="/fo/strike-distribution",le="10"})"),
      3);
  EXPECT_EQ(
      sample(
          text,
          R"(http_request_duration_seconds_bucket{endpoint="/fo/strike-distribution",le="+Inf"})"),
      3);
  // Raw URLs and query strings never become labels.
  EXPECT_EQ(text.find("/no/such/route"), std::string::npos);
  EXPECT_EQ(text.find("secret"), std::string::npos);
  EXPECT_EQ(text.find("indicator="), std::string::npos);
  // Buckets run from 50 microseconds to 10 seconds.
  EXPECT_NE(text.find(R"(http_request_duration_seconds_bucket{endpoint="/health",le="0.00005"} 0)"),
            std::string::npos);
}

TEST(MetricsEndpoint, CountersIncrease) {
  TestServer server;
  TestClient client(server.port());
  const std::string before = scrape(client);
  EXPECT_EQ(sample(before, "fo_oi_zero_count_total"), 0);
  EXPECT_EQ(sample(before, R"(http_requests_total{endpoint="/health",status="200"})"), -1);
  // The default distribution serves 24350 (no put OI) for Nov 4 and for Nov 11: 2 points.
  client.get("/fo/strike-distribution");
  client.get("/health");
  std::string after = scrape(client);
  EXPECT_EQ(sample(after, "fo_oi_zero_count_total"), 2);
  EXPECT_EQ(sample(after, R"(http_requests_total{endpoint="/health",status="200"})"), 1);
  client.get("/fo/strike-distribution");
  client.get("/health");
  after = scrape(client);
  EXPECT_EQ(sample(after, "fo_oi_zero_count_total"), 4);
  EXPECT_EQ(sample(after, R"(http_requests_total{endpoint="/health",status="200"})"), 2);
  EXPECT_EQ(sample(after, R"(http_requests_total{endpoint="/metrics",status="200"})"), 2);
  EXPECT_EQ(sample(after, "http_connections_open"), 1);
}

TEST(MetricsEndpoint, PromtoolAcceptsTheExposition) {
  if (!on_path("promtool")) GTEST_SKIP() << "promtool is not on PATH";
  TestServer server;
  TestClient client(server.port());
  client.get("/fo/strike-distribution");
  client.get("/nope");
  client.request(http::verb::post, "/health");
  const std::string text = scrape(client);
  const std::string file = ::testing::TempDir() + "strikeline_metrics.txt";
  std::ofstream(file) << text;
  const std::string command = "promtool check metrics < " + file + " > " + file + ".out 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream out(file + ".out");
  const std::string report((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  EXPECT_EQ(status, 0) << report;
  std::remove(file.c_str());
  std::remove((file + ".out").c_str());
}
