#include "api/metrics_registry.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "api/http_metrics.h"

using namespace strikeline;

TEST(MetricsRegistry, CountersAndGaugesRender) {
  MetricsRegistry registry;
  Counter& c = registry.counter("fo_oi_zero_count_total", "Points without OI.");
  c.inc();
  c.inc(4);
  Gauge& g = registry.gauge("queue_depth", "Depth.", {{"queue", "ingest"}});
  g.set(2.5);
  registry.gauge_function("answer", "The answer.", [] { return 42.0; });
  EXPECT_EQ(registry.render(),
            "# HELP fo_oi_zero_count_total Points without OI.\n"
            "# TYPE fo_oi_zero_count_total counter\n"
            "fo_oi_zero_count_total 5\n"
            "# HELP queue_depth Depth.\n"
            "# TYPE queue_depth gauge\n"
            "queue_depth{queue=\"ingest\"} 2.5\n"
            "# HELP answer The answer.\n"
            "# TYPE answer gauge\n"
            "answer 42\n");
}

TEST(MetricsRegistry, SameNameAndLabelsIsTheSameMetric) {
  MetricsRegistry registry;
  Counter& a = registry.counter("x_total", "X.", {{"k", "1"}});
  Counter& b = registry.counter("x_total", "X.", {{"k", "1"}});
  Counter& other = registry.counter("x_total", "X.", {{"k", "2"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
  EXPECT_THROW(registry.gauge("x_total", "X."), std::logic_error);
  EXPECT_THROW(registry.counter("bad name", "X."), std::logic_error);
  EXPECT_THROW(registry.counter("y_total", "Y.", {{"le", "1"}}), std::logic_error);
}

TEST(MetricsRegistry, HistogramIsCumulativeWithInf) {
  MetricsRegistry registry;
  const double bounds[] = {0.25, 1.0};
  Histogram& h = registry.histogram("latency_seconds", "Latency.", bounds, {{"endpoint", "/a"}});
  h.observe(0.125);
  h.observe(0.25);  // le is inclusive
  h.observe(0.5);
  h.observe(4.0);
  EXPECT_EQ(registry.render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{endpoint=\"/a\",le=\"0.25\"} 2\n"
            "latency_seconds_bucket{endpoint=\"/a\",le=\"1\"} 3\n"
            "latency_seconds_bucket{endpoint=\"/a\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{endpoint=\"/a\"} 4.875\n"
            "latency_seconds_count{endpoint=\"/a\"} 4\n");
}

TEST(MetricsRegistry, LabelValuesAreEscaped) {
  MetricsRegistry registry;
  registry.counter("odd_total", "Help with \\ backslash\nand newline.", {{"v", "a\"b\\c\nd"}})
      .inc();
  EXPECT_EQ(registry.render(),
            "# HELP odd_total Help with \\\\ backslash\\nand newline.\n"
            "# TYPE odd_total counter\n"
            "odd_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(HttpMetrics, LatencyBucketsFrom50MicrosecondsTo10Seconds) {
  const auto b = latency_buckets_seconds();
  EXPECT_EQ(b.front(), 0.00005);
  EXPECT_EQ(b.back(), 10.0);
  MetricsRegistry registry;
  HttpMetrics metrics(registry);
  const auto id = metrics.endpoint("/fo/expiries");
  EXPECT_EQ(metrics.endpoint("/fo/expiries"), id);
  metrics.observe(id, 200, 0.0002);
  metrics.observe(id, 200, 0.0002);
  metrics.observe(HttpMetrics::kUnmatched, 404, 0.00001);
  const std::string text = registry.render();
  EXPECT_NE(text.find("http_requests_total{endpoint=\"/fo/expiries\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_requests_total{endpoint=\"unmatched\",status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "http_request_duration_seconds_bucket{endpoint=\"/fo/expiries\",le=\"0.00005\"} 0\n"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "http_request_duration_seconds_bucket{endpoint=\"/fo/expiries\",le=\"0.00025\"} 2\n"),
      std::string::npos);
  EXPECT_NE(text.find("http_request_duration_seconds_bucket{endpoint=\"unmatched\",le=\"10\"} 1\n"),
            std::string::npos);
}

TEST(MetricsRegistry, FamiliesReadWhenScrapedRenderTheirSeriesOfTheMoment) {
  MetricsRegistry registry;
  std::vector<std::pair<std::string, double>> symbols = {{"NIFTY", 12}};
  registry.gauge_family("bar_age_seconds", "Age.", [&symbols] {
    SampledSeries out;
    for (const auto& [symbol, age] : symbols) out.push_back({{{"symbol", symbol}}, age});
    return out;
  });
  double ticks = 3;
  registry.counter_family("ticks_total", "Ticks.", [&ticks] { return SampledSeries{{{}, ticks}}; });
  EXPECT_EQ(registry.render(),
            "# HELP bar_age_seconds Age.\n"
            "# TYPE bar_age_seconds gauge\n"
            "bar_age_seconds{symbol=\"NIFTY\"} 12\n"
            "# HELP ticks_total Ticks.\n"
            "# TYPE ticks_total counter\n"
            "ticks_total 3\n");
  symbols = {{"BANKNIFTY", 0.5}, {"NIFTY", 70}};  // a symbol appears: its series with it
  ticks = 40;
  EXPECT_EQ(registry.render(),
            "# HELP bar_age_seconds Age.\n"
            "# TYPE bar_age_seconds gauge\n"
            "bar_age_seconds{symbol=\"BANKNIFTY\"} 0.5\n"
            "bar_age_seconds{symbol=\"NIFTY\"} 70\n"
            "# HELP ticks_total Ticks.\n"
            "# TYPE ticks_total counter\n"
            "ticks_total 40\n");
  symbols.clear();  // no series: the family's HELP and TYPE only
  EXPECT_NE(registry.render().find("# TYPE bar_age_seconds gauge\n# HELP ticks_total"),
            std::string::npos);
  // One name, one kind: a family read when scraped has no series of its own.
  EXPECT_THROW(registry.gauge("bar_age_seconds", "Age."), std::logic_error);
  EXPECT_THROW(registry.counter("ticks_total", "Ticks."), std::logic_error);
  EXPECT_THROW(registry.gauge_family("ticks_total", "Ticks.", [] { return SampledSeries{}; }),
               std::logic_error);
  registry.counter("plain_total", "Plain.").inc();
  EXPECT_THROW(registry.counter_family("plain_total", "Plain.", [] { return SampledSeries{}; }),
               std::logic_error);
}
