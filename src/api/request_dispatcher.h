// RequestDispatcher: turns one complete HTTP request into its response, independent of sockets.
// It parses the target, routes (404 JSON for unknown paths, 405 JSON with Allow for a known path
// and another method, 204 for CORS preflights), runs the handler, maps anything a handler throws
// to a JSON error without its text (StorageError -> 503, anything else -> 500, logged), adds the
// common headers (Server, X-Process-Time in seconds, X-Correlation-ID echoed or generated, CORS,
// keep-alive) and records metrics and the access log. It never throws.
#pragma once

#include <string_view>
#include <vector>

#include "api/access_log.h"
#include "api/cors.h"
#include "api/http_metrics.h"
#include "api/router.h"
#include "api/service_context.h"

namespace strikeline {

class RequestDispatcher {
 public:
  // Registers the metrics label of every route of `router` (which must not change afterwards).
  RequestDispatcher(const Router& router, HttpMetrics& metrics, CorsPolicy cors,
                    const AccessLog& access_log, const ServiceContext& context);

  void handle(const HttpRequest& req, const boost::asio::ip::address& remote,
              HttpResponse& res) const;

  // The answer to a request the connection could not read completely (431, 413, 400): no routing,
  // counted as endpoint "unmatched", and the connection is to be closed.
  void reject(unsigned http_version, http::status status, std::string_view detail,
              const boost::asio::ip::address& remote, HttpResponse& res) const;

 private:
  void finish(const HttpRequest* req, HttpMetrics::EndpointId endpoint,
              std::chrono::steady_clock::time_point start, const boost::asio::ip::address& remote,
              std::string_view correlation_id, HttpResponse& res) const;

  const Router& router_;
  HttpMetrics& metrics_;
  CorsPolicy cors_;
  const AccessLog& access_log_;
  const ServiceContext& context_;
  std::vector<HttpMetrics::EndpointId> route_endpoints_;  // parallel to router_.routes()
};

}  // namespace strikeline
