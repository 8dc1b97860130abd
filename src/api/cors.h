// CORS for configured origins. A request whose Origin is allowed gets
// Access-Control-Allow-Origin (the origin itself, or "*" when any origin is configured), Vary:
// Origin and the exposed timing/correlation headers; a preflight (OPTIONS with Origin and
// Access-Control-Request-Method) gets the methods the path accepts. Other origins get no CORS
// headers, which browsers treat as a refusal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace strikeline {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> origins);

  // The Access-Control-Allow-Origin value for this Origin, or empty when not allowed.
  std::string_view allowed_origin(std::string_view origin) const;
  static bool is_preflight(const HttpRequest& req);

  void apply(const HttpRequest& req, HttpResponse& res) const;
  // A 204 preflight answer naming the path's methods (allow: "GET, HEAD").
  void preflight(const HttpRequest& req, std::string_view allow, HttpResponse& res) const;

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace strikeline
