// HttpMetrics: the server's request metrics (names the runbook's alert rules use) on a
// MetricsRegistry:
//   http_request_duration_seconds{endpoint}  histogram, 50 us .. 10 s
//   http_requests_total{endpoint,status}     counter
// where endpoint is a route template ("/fo/strike-distribution") or "unmatched", never a raw URL;
// plus connection-level metrics (open connections, accepted, rejected over the limit, read
// timeouts, in-flight requests). Endpoints are registered before serving starts; observe() is
// lock-free afterwards.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

#include "api/metrics_registry.h"

namespace strikeline {

class HttpMetrics {
 public:
  using EndpointId = std::size_t;
  static constexpr EndpointId kUnmatched = 0;

  explicit HttpMetrics(MetricsRegistry& registry);

  // Registers an endpoint label (idempotent). Not to be called while requests are observed.
  EndpointId endpoint(std::string_view route_template);
  std::string_view endpoint_name(EndpointId id) const { return endpoints_[id].name; }

  void observe(EndpointId endpoint, unsigned status, double seconds);

  Gauge& open_connections;
  Counter& accepted_connections;
  Counter& rejected_connections;
  Counter& read_timeouts;
  Gauge& requests_in_flight;

 private:
  struct Endpoint {
    std::string name;
    Histogram* duration = nullptr;
    std::array<std::atomic<Counter*>, 600> by_status{};
  };
  Counter& status_counter(Endpoint& endpoint, unsigned status);

  MetricsRegistry& registry_;
  std::deque<Endpoint> endpoints_;
};

}  // namespace strikeline
