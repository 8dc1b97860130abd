// RequestDispatcher: turns one HTTP request into its response, independent of sockets. It parses
// the target, routes (404 JSON for unknown paths, 405 JSON with Allow for a known path and another
// method, 204 for CORS preflights), runs the handler, maps anything a handler throws to a JSON
// error without its text (StorageError -> 503, anything else -> 500, logged), adds the common
// headers (Server, X-Process-Time in seconds, X-Correlation-ID echoed or generated, CORS,
// keep-alive, Retry-After on every 503) and records metrics and the access log. It never throws.
//
// A request goes through it in steps, so the connection can read a body between them and run
// handlers on the handler pool: begin() routes on the header alone (and answers what needs no
// handler), then run() (a whole body) or open_body()/finish_body() (a streamed route), then
// complete(). handle() does all of it at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/access_log.h"
#include "api/cors.h"
#include "api/http_metrics.h"
#include "api/request_target.h"
#include "api/router.h"
#include "api/service_context.h"

namespace strikeline {

class RequestDispatcher {
 public:
  // A request between its header and its answer.
  struct Pending {
    std::chrono::steady_clock::time_point start;
    std::string correlation_id;
    HttpMetrics::EndpointId endpoint = HttpMetrics::kUnmatched;
    const Route* route = nullptr;  // set: the route's handler (or body reader) has to run
    RequestTarget target;
    bool counted = false;  // in requests_in_flight until complete()
  };

  // Registers the metrics label of every route of `router` (which must not change afterwards).
  RequestDispatcher(const Router& router, HttpMetrics& metrics, CorsPolicy cors,
                    const AccessLog& access_log, const ServiceContext& context);

  // Routes the request from its header; when no handler has to run (bad target, 404, 405,
  // OPTIONS) the answer is in `res` and route is null.
  Pending begin(const HttpRequest& req, HttpResponse& res) const;
  // Runs a whole-body route's handler.
  void run(Pending& pending, const HttpRequest& req, const boost::asio::ip::address& remote,
           HttpResponse& res) const;
  // A streamed route: its body reader, or nullptr with the refusal in `res`.
  std::unique_ptr<BodyReader> open_body(Pending& pending, const HttpRequest& req,
                                        const boost::asio::ip::address& remote,
                                        HttpResponse& res) const;
  void finish_body(Pending& pending, BodyReader& reader, HttpResponse& res) const;
  // Replaces the answer with 503 and Retry-After (the server is out of a resource for now).
  void overloaded(HttpResponse& res, std::string_view detail, int retry_after_seconds = 1) const;
  // Common headers, metrics and the access log.
  void complete(Pending& pending, const HttpRequest& req, const boost::asio::ip::address& remote,
                HttpResponse& res) const;

  // Forgets a request that will not be answered (its client stalled or left mid-body).
  void abandon(Pending& pending) const;

  void handle(const HttpRequest& req, const boost::asio::ip::address& remote,
              HttpResponse& res) const;

  // The answer to a request the connection could not read completely or will not serve (431, 413,
  // 400, 421, 503): no routing, counted as endpoint "unmatched", and the connection is to be
  // closed. With `req`, its correlation id is echoed and its method and target logged.
  void reject(unsigned http_version, http::status status, std::string_view detail,
              const boost::asio::ip::address& remote, HttpResponse& res,
              const HttpRequest* req = nullptr) const;

 private:
  template <typename Body>
  void guarded(const Pending& pending, HttpResponse& res, Body&& body) const;
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
