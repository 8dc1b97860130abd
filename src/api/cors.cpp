#include "api/cors.h"

#include <algorithm>

namespace strikeline {

CorsPolicy::CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {
  any_ = std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

std::string_view CorsPolicy::allowed_origin(std::string_view origin) const {
  if (origin.empty()) return {};
  if (any_) return "*";
  for (const std::string& o : origins_) {
    if (o == origin) return o;
  }
  return {};
}

bool CorsPolicy::is_preflight(const HttpRequest& req) {
  return req.method() == http::verb::options && req.count(http::field::origin) != 0 &&
         req.count(http::field::access_control_request_method) != 0;
}

void CorsPolicy::apply(const HttpRequest& req, HttpResponse& res) const {
  if (origins_.empty()) return;
  const auto origin = req[http::field::origin];
  const std::string_view allowed = allowed_origin({origin.data(), origin.size()});
  if (allowed.empty()) return;
  res.set(http::field::access_control_allow_origin, allowed);
  if (!any_) res.set(http::field::vary, "Origin");
  res.set(http::field::access_control_expose_headers, "X-Process-Time, X-Correlation-ID");
}

void CorsPolicy::preflight(const HttpRequest& req, std::string_view allow,
                           HttpResponse& res) const {
  res.result(http::status::no_content);
  res.body().clear();
  res.set(http::field::allow, allow);
  apply(req, res);
  if (res.count(http::field::access_control_allow_origin) == 0) return;
  res.set(http::field::access_control_allow_methods, allow);
  res.set(http::field::access_control_allow_headers,
          "Content-Type, Authorization, X-Correlation-ID");
  res.set(http::field::access_control_max_age, "600");
}

}  // namespace strikeline
