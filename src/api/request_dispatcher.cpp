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

RequestDispatcher::Pending RequestDispatcher::begin(const HttpRequest& req,
                                                    HttpResponse& res) const {
  Pending p;
  p.start = std::chrono::steady_clock::now();
  p.correlation_id = correlation_id_for(header_value(req, "X-Correlation-ID"));
  p.counted = true;
  metrics_.requests_in_flight.add(1);
  res.version(req.version());
  res.result(http::status::ok);
  res.set(http::field::content_type, kJsonContentType);

  const std::string_view target(req.target().data(), req.target().size());
  auto parsed = parse_request_target(target);
  if (!parsed) {
    write_error(res, http::status::bad_request, parsed.error().detail);
    return p;
  }
  p.target = std::move(parsed.value());
  const RouteMatch match = router_.match(req.method(), p.target.path);
  if (match.route) {
    p.endpoint = route_endpoints_[static_cast<std::size_t>(match.route - router_.routes().data())];
    p.route = match.route;
    return p;
  }
  if (!match.path_template.empty()) {
    // The metrics label of the path's template (every method of a path shares it).
    for (std::size_t i = 0; i < router_.routes().size(); ++i) {
      if (router_.routes()[i].path_template == match.path_template) {
        p.endpoint = route_endpoints_[i];
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
    return p;
  }
  write_error(res, http::status::not_found,
              "not found: no route for " + quote_value(p.target.path) +
                  "; see /openapi.json for the routes");
  return p;
}

template <typename Body>
void RequestDispatcher::guarded(const Pending& p, HttpResponse& res, Body&& body) const {
  const auto method = http::to_string(p.route->method);
  try {
    body();
  } catch (const StorageError& e) {
    spdlog::error("{} {}: storage error: {} (cid={})", method, p.route->path_template, e.what(),
                  p.correlation_id);
    write_error(res, http::status::service_unavailable, "storage unavailable; retry later");
  } catch (const std::exception& e) {
    spdlog::error("{} {}: unexpected error: {} (cid={})", method, p.route->path_template, e.what(),
                  p.correlation_id);
    write_error(res, http::status::internal_server_error,
                "internal error; quote X-Correlation-ID " + p.correlation_id);
  } catch (...) {
    spdlog::error("{} {}: unexpected non-standard exception (cid={})", method,
                  p.route->path_template, p.correlation_id);
    write_error(res, http::status::internal_server_error,
                "internal error; quote X-Correlation-ID " + p.correlation_id);
  }
}

void RequestDispatcher::run(Pending& p, const HttpRequest& req,
                            const boost::asio::ip::address& remote, HttpResponse& res) const {
  if (!p.route || !p.route->handler) return;
  guarded(p, res, [&] {
    const RequestContext ctx{req, p.target.path, p.target.params, context_.current_time(), remote};
    p.route->handler(ctx, res);
  });
}

std::unique_ptr<BodyReader> RequestDispatcher::open_body(Pending& p, const HttpRequest& req,
                                                         const boost::asio::ip::address& remote,
                                                         HttpResponse& res) const {
  std::unique_ptr<BodyReader> reader;
  if (!p.route || !p.route->streaming) return reader;
  guarded(p, res, [&] {
    const RequestContext ctx{req, p.target.path, p.target.params, context_.current_time(), remote};
    reader = p.route->streaming(ctx, res);
  });
  return reader;
}

void RequestDispatcher::finish_body(Pending& p, BodyReader& reader, HttpResponse& res) const {
  if (!p.route) return;
  guarded(p, res, [&] { reader.finish(res); });
}

void RequestDispatcher::overloaded(HttpResponse& res, std::string_view detail,
                                   int retry_after_seconds) const {
  write_error(res, http::status::service_unavailable, detail);
  res.set(http::field::retry_after, std::to_string(retry_after_seconds));
}

void RequestDispatcher::complete(Pending& p, const HttpRequest& req,
                                 const boost::asio::ip::address& remote, HttpResponse& res) const {
  if (p.counted) {
    metrics_.requests_in_flight.add(-1);
    p.counted = false;
  }
  finish(&req, p.endpoint, p.start, remote, p.correlation_id, res);
}

void RequestDispatcher::abandon(Pending& p) const {
  if (p.counted) {
    metrics_.requests_in_flight.add(-1);
    p.counted = false;
  }
}

void RequestDispatcher::handle(const HttpRequest& req, const boost::asio::ip::address& remote,
                               HttpResponse& res) const {
  Pending p = begin(req, res);
  if (p.route && p.route->streaming) {
    if (auto reader = open_body(p, req, remote, res)) {
      if (reader->consume(req.body())) {
        finish_body(p, *reader, res);
      } else {
        finish_body(p, *reader, res);
        res.keep_alive(false);
      }
    }
  } else {
    run(p, req, remote, res);
  }
  complete(p, req, remote, res);
}

void RequestDispatcher::reject(unsigned http_version, http::status status, std::string_view detail,
                               const boost::asio::ip::address& remote, HttpResponse& res,
                               const HttpRequest* req) const {
  const auto start = std::chrono::steady_clock::now();
  res.version(http_version);
  write_error(res, status, detail);
  res.keep_alive(false);
  const std::string correlation_id =
      correlation_id_for(req ? header_value(*req, "X-Correlation-ID") : std::string_view{});
  finish(req, HttpMetrics::kUnmatched, start, remote, correlation_id, res);
  res.keep_alive(false);
}

void RequestDispatcher::finish(const HttpRequest* req, HttpMetrics::EndpointId endpoint,
                               std::chrono::steady_clock::time_point start,
                               const boost::asio::ip::address& remote,
                               std::string_view correlation_id, HttpResponse& res) const {
  res.set(http::field::server, "strikeline");
  res.set("X-Correlation-ID", correlation_id);
  // Every 503 says when to come back: the storage, a budget or a slot frees up within seconds.
  if (res.result() == http::status::service_unavailable &&
      res.count(http::field::retry_after) == 0) {
    res.set(http::field::retry_after, "1");
  }
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
