// MetricsRegistry: counters, gauges and histograms exported in the Prometheus text exposition
// format 0.0.4. Registration returns a reference that stays valid for the registry's lifetime;
// registering the same name and labels again returns the same metric. Updating a metric is one
// relaxed atomic operation (safe from any thread, no lock); rendering takes a lock only to walk the
// families. Names must match [a-zA-Z_:][a-zA-Z0-9_:]*, and one name has one type: violating either
// is a programming error (std::logic_error at registration).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strikeline {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;
// The series of a family read when scraped: labels and value.
using SampledSeries = std::vector<std::pair<MetricLabels, double>>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // upper_bounds ascending, finite; the +Inf bucket is implicit.
  explicit Histogram(std::span<const double> upper_bounds);
  void observe(double value);

  std::span<const double> upper_bounds() const { return bounds_; }
  // Per-bucket (not cumulative) counts, the +Inf bucket last.
  std::vector<std::uint64_t> bucket_counts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// Buckets of request latencies in seconds: 50 microseconds to 10 seconds.
std::span<const double> latency_buckets_seconds();

class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& counter(std::string_view name, std::string_view help, MetricLabels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, MetricLabels labels = {});
  Histogram& histogram(std::string_view name, std::string_view help,
                       std::span<const double> upper_bounds, MetricLabels labels = {});
  // A gauge read when scraped (e.g. the size of a queue owned elsewhere). fn must be thread-safe.
  void gauge_function(std::string_view name, std::string_view help, std::function<double()> fn,
                      MetricLabels labels = {});
  // A whole family read when scraped, for values owned elsewhere whose label sets appear at run
  // time (one series per symbol, say): a counter family must only grow. fn must be thread-safe and
  // must not use the registry. Registering the name again replaces fn.
  void counter_family(std::string_view name, std::string_view help,
                      std::function<SampledSeries()> fn);
  void gauge_family(std::string_view name, std::string_view help,
                    std::function<SampledSeries()> fn);

  // The whole exposition, appended to out.
  void render(std::string& out) const;
  std::string render() const {
    std::string out;
    render(out);
    return out;
  }

  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  struct Family;
  struct Series;
  Series& series(std::string_view name, std::string_view help, int type, MetricLabels labels);
  Family& family(std::string_view name, std::string_view help, int type);
  void sampled_family(std::string_view name, std::string_view help, int type,
                      std::function<SampledSeries()> fn);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;
};

}  // namespace strikeline
