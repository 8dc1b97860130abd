#include "api/http_metrics.h"

namespace strikeline {

HttpMetrics::HttpMetrics(MetricsRegistry& registry)
    : open_connections(registry.gauge("http_connections_open", "Client connections now open.")),
      accepted_connections(
          registry.counter("http_connections_accepted_total", "Client connections accepted.")),
      rejected_connections(registry.counter(
          "http_connections_rejected_total",
          "Client connections closed on accept because the connection limit was reached.")),
      read_timeouts(registry.counter(
          "http_request_read_timeouts_total",
          "Connections closed because a request did not arrive completely in time.")),
      requests_in_flight(
          registry.gauge("http_requests_in_flight", "Requests being handled right now.")),
      registry_(registry) {
  endpoint("unmatched");
}

HttpMetrics::EndpointId HttpMetrics::endpoint(std::string_view route_template) {
  for (std::size_t i = 0; i < endpoints_.size(); ++i) {
    if (endpoints_[i].name == route_template) return i;
  }
  Endpoint& e = endpoints_.emplace_back();
  e.name = std::string(route_template);
  e.duration = &registry_.histogram("http_request_duration_seconds",
                                    "Time from a complete request to its response, by route.",
                                    latency_buckets_seconds(), {{"endpoint", e.name}});
  return endpoints_.size() - 1;
}

Counter& HttpMetrics::status_counter(Endpoint& e, unsigned status) {
  if (status >= e.by_status.size()) status = 500;
  Counter* counter = e.by_status[status].load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter =
        &registry_.counter("http_requests_total", "HTTP requests answered, by route and status.",
                           {{"endpoint", e.name}, {"status", std::to_string(status)}});
    e.by_status[status].store(counter, std::memory_order_release);
  }
  return *counter;
}

void HttpMetrics::observe(EndpointId id, unsigned status, double seconds) {
  if (id >= endpoints_.size()) id = kUnmatched;
  Endpoint& e = endpoints_[id];
  e.duration->observe(seconds);
  status_counter(e, status).inc();
}

}  // namespace strikeline
