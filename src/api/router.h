// Router: the table of {method, path template, handler} the server dispatches on, plus upgrade
// hooks. A template is an exact path ("/fo/expiries") or a prefix ending in "/*" ("/static/*",
// "/*" for a whole static tree); exact paths win over prefixes, longer prefixes over shorter.
// GET routes also answer HEAD. The template is the route's metrics label. A route may raise or
// lower the server's request body limit for itself (e.g. bulk ingest), have its body streamed to
// it (post_streamed) or be answered on the I/O thread (get_inline). Routes are added before the
// server starts; matching is read-only and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace strikeline {

struct Route {
  http::verb method;
  std::string path_template;
  Handler handler;                 // unset for a streamed route
  std::size_t max_body_bytes = 0;  // 0: the server's limit (ServerConfig::max_body_bytes)
  StreamingHandler streaming;      // set: the body is read piece by piece (see BodyReader)
  // Cheap and vital (/health): answered on the connection's I/O thread, never queued behind
  // other requests' handlers on the handler pool.
  bool runs_inline = false;
};

struct UpgradeRoute {
  std::string path;
  std::string protocol;  // matched case-insensitively against the Upgrade header ("websocket")
  UpgradeHandler handler;
};

struct RouteMatch {
  const Route* route = nullptr;  // the handler to run, when method and path match
  // The template of the path when the path matched with another method (405), else empty.
  std::string path_template;
  std::string allow;  // the methods the path accepts, "GET, HEAD" (for 405 and OPTIONS)
};

class Router {
 public:
  Router& add(http::verb method, std::string path_template, Handler handler,
              std::size_t max_body_bytes = 0);
  Router& get(std::string path_template, Handler handler) {
    return add(http::verb::get, std::move(path_template), std::move(handler));
  }
  Router& post(std::string path_template, Handler handler, std::size_t max_body_bytes = 0) {
    return add(http::verb::post, std::move(path_template), std::move(handler), max_body_bytes);
  }
  // A GET route answered on the I/O thread (see Route::runs_inline).
  Router& get_inline(std::string path_template, Handler handler);
  // A POST route whose body is streamed to a BodyReader (see StreamingHandler).
  Router& post_streamed(std::string path_template, StreamingHandler handler,
                        std::size_t max_body_bytes = 0);
  Router& upgrade(std::string path, std::string protocol, UpgradeHandler handler);

  RouteMatch match(http::verb method, std::string_view path) const;
  const UpgradeRoute* match_upgrade(std::string_view path, std::string_view protocol) const;
  // The body limit of a request: its route's own, else `server_limit`.
  std::size_t body_limit(http::verb method, std::string_view path, std::size_t server_limit) const;
  // The largest body any route accepts (at least `server_limit`).
  std::size_t largest_body_limit(std::size_t server_limit) const;

  const std::vector<Route>& routes() const { return routes_; }
  const std::vector<UpgradeRoute>& upgrades() const { return upgrades_; }

 private:
  std::vector<Route> routes_;
  std::vector<UpgradeRoute> upgrades_;
};

// True when path matches the template (exact, or under a "/*" prefix).
bool path_matches(std::string_view path_template, std::string_view path);

}  // namespace strikeline
