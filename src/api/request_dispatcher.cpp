#include "api/request_dispatcher.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <exception>

#include "api/correlation_id.h"
#include "api/error_response.h"
#include "api/http_compression.h"
#include "api/request_target.h"
#include "store/bar_repository.h"

namespace strikeline {

namespace {

std::string_view header_value(const HttpRequest& req, std::string_view name) {
  auto it = req.find(name);
  if (it == req.end()) return {};
  return {it->value().data(), it->value().size()};
}

// "0.000123": seconds with microsecond resolution.
void set_process_time(HttpResponse& res, double seconds) {
  char buffer[32];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, seconds, std::chars_format::fixed, 6);
  if (ec == std::errc{}) res.set("X-Process-Time", std::string_view(buffer, end - buffer));
}

}  // namespace

RequestDispatcher::RequestDispatcher(const Router& router, HttpMetrics& metrics, CorsPolicy cors,
                                     const AccessLog& access_log, const ServiceContext& context)
    : router_(router),
      metrics_(metrics),
      cors_(std::move(cors)),
      access_log_(access_log),
      context_(context) {
  for (const Route& r : router_.routes()) {
    route_endpoints_.push_back(metrics_.endpoint(r.path_template));
  }
}

void RequestDispatcher::handle(const HttpRequest& req, const boost::asio::ip::address& remote,
                               HttpResponse& res) const {
  const auto start = std::chrono::steady_clock::now();
  const std::string correlation_id = correlation_id_for(header_value(req, "X-Correlation-ID"));
  res.version(req.version());
  res.result(http::status::ok);
  res.set(http::field::content_type, kJsonContentType);
  HttpMetrics::EndpointId endpoint = HttpMetrics::kUnmatched;
  metrics_.requests_in_flight.add(1);

  const std::string_view target(req.target().data(), req.target().size());
  auto parsed = parse_request_target(target);
  if (!parsed) {
    write_error(res, http::status::bad_request, parsed.error().detail);
  } else {
    const RequestTarget& t = parsed.value();
    const RouteMatch match = router_.match(req.method(), t.path);
    if (match.route) {
      endpoint = route_endpoints_[static_cast<std::size_t>(match.route - router_.routes().data())];
      try {
        const RequestContext ctx{req, t.path, t.params, context_.current_time(), remote};
        match.route->handler(ctx, res);
      } catch (const StorageError& e) {
        spdlog::error("{} {}: storage error: {} (cid={})", http::to_string(req.method()),
                      match.path_template, e.what(), correlation_id);
        write_error(res, http::status::service_unavailable, "storage unavailable; retry later");
      } catch (const std::exception& e) {
        spdlog::error("{} {}: unexpected error: {} (cid={})", http::to_string(req.method()),
                      match.path_template, e.what(), correlation_id);
        write_error(res, http::status::internal_server_error,
                    "internal error; quote X-Correlation-ID " + correlation_id);
      } catch (...) {
        spdlog::error("{} {}: unexpected non-standard exception (cid={})",
                      http::to_string(req.method()), match.path_template, correlation_id);
        write_error(res, http::status::internal_server_error,
                    "internal error; quote X-Correlation-ID " + correlation_id);
      }
    } else if (!match.path_template.empty()) {
      // The metrics label of the path's template (every method of a path shares it).
      for (std::size_t i = 0; i < router_.routes().size(); ++i) {
        if (router_.routes()[i].path_template == match.path_template) {
          endpoint = route_endpoints_[i];
          break;
        }
      }
      if (req.method() == http::verb::options) {
        if (CorsPolicy::is_preflight(req)) {
          cors_.preflight(req, match.allow, res);
        } else {
          res.result(http::status::no_content);
          res.body().clear();
          res.set(http::field::allow, match.allow);
        }
      } else {
        write_error(res, http::status::method_not_allowed,
                    std::string(http::to_string(req.method())) + " is not allowed on " +
                        match.path_template + "; allowed: " + match.allow);
        res.set(http::field::allow, match.allow);
      }
    } else {
      write_error(
          res, http::status::not_found,
          "not found: no route for " + quote_value(t.path) + "; see /openapi.json for the routes");
    }
  }
  metrics_.requests_in_flight.add(-1);
  finish(&req, endpoint, start, remote, correlation_id, res);
}

void RequestDispatcher::reject(unsigned http_version, http::status status, std::string_view detail,
                               const boost::asio::ip::address& remote, HttpResponse& res) const {
  const auto start = std::chrono::steady_clock::now();
  res.version(http_version);
  write_error(res, status, detail);
  res.keep_alive(false);
  finish(nullptr, HttpMetrics::kUnmatched, start, remote, correlation_id_for({}), res);
}

void RequestDispatcher::finish(const HttpRequest* req, HttpMetrics::EndpointId endpoint,
                               std::chrono::steady_clock::time_point start,
                               const boost::asio::ip::address& remote,
                               std::string_view correlation_id, HttpResponse& res) const {
  res.set(http::field::server, "strikeline");
  res.set("X-Correlation-ID", correlation_id);
  if (req) {
    cors_.apply(*req, res);
    res.keep_alive(req->keep_alive() && res.keep_alive());
    compress_response(*req, res);
  }
  const std::size_t body_bytes = res.body().size();
  res.prepare_payload();
  if (req && req->method() == http::verb::head) res.body().clear();  // Content-Length stays
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  set_process_time(res, seconds);
  metrics_.observe(endpoint, res.result_int(), seconds);
  if (access_log_.enabled()) {
    access_log_.record(remote, req ? std::string_view(http::to_string(req->method())) : "-",
                       req ? std::string_view(req->target().data(), req->target().size()) : "-",
                       res.result_int(), body_bytes, seconds, correlation_id);
  }
}

}  // namespace strikeline
