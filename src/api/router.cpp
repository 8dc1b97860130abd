#include "api/router.h"

#include <algorithm>
#include <stdexcept>

#include "core/text.h"

namespace strikeline {

namespace {

bool is_prefix_template(std::string_view t) {
  return t.size() >= 2 && t.substr(t.size() - 2) == "/*";
}

// Higher is more specific: exact paths beat every prefix, longer prefixes beat shorter.
std::size_t specificity(std::string_view t) {
  return is_prefix_template(t) ? t.size() : SIZE_MAX;
}

}  // namespace

bool path_matches(std::string_view path_template, std::string_view path) {
  if (!is_prefix_template(path_template)) return path == path_template;
  const std::string_view prefix = path_template.substr(0, path_template.size() - 1);  // keeps '/'
  return path.starts_with(prefix) || path == prefix.substr(0, prefix.size() - 1);
}

Router& Router::add(http::verb method, std::string path_template, Handler handler,
                    std::size_t max_body_bytes) {
  if (path_template.empty() || path_template.front() != '/') {
    throw std::logic_error("route template must start with '/': " + path_template);
  }
  for (const Route& r : routes_) {
    if (r.method == method && r.path_template == path_template) {
      throw std::logic_error("route registered twice: " + path_template);
    }
  }
  routes_.push_back(
      {method, std::move(path_template), std::move(handler), max_body_bytes, {}, false});
  return *this;
}

Router& Router::get_inline(std::string path_template, Handler handler) {
  add(http::verb::get, std::move(path_template), std::move(handler));
  routes_.back().runs_inline = true;
  return *this;
}

Router& Router::post_streamed(std::string path_template, StreamingHandler handler,
                              std::size_t max_body_bytes) {
  add(http::verb::post, std::move(path_template), Handler{}, max_body_bytes);
  routes_.back().streaming = std::move(handler);
  return *this;
}

Router& Router::upgrade(std::string path, std::string protocol, UpgradeHandler handler) {
  upgrades_.push_back({std::move(path), std::move(protocol), std::move(handler)});
  return *this;
}

RouteMatch Router::match(http::verb method, std::string_view path) const {
  const http::verb wanted = method == http::verb::head ? http::verb::get : method;
  // The most specific template that matches the path decides, whatever the method.
  const std::string* best = nullptr;
  for (const Route& r : routes_) {
    if (!path_matches(r.path_template, path)) continue;
    if (!best || specificity(r.path_template) > specificity(*best)) best = &r.path_template;
  }
  RouteMatch out;
  if (!best) return out;
  for (const Route& r : routes_) {
    if (r.path_template != *best) continue;
    if (r.method == wanted) out.route = &r;
    if (!out.allow.empty()) out.allow += ", ";
    out.allow += std::string(http::to_string(r.method));
    if (r.method == http::verb::get) out.allow += ", HEAD";
  }
  out.path_template = *best;
  return out;
}

std::size_t Router::body_limit(http::verb method, std::string_view path,
                               std::size_t server_limit) const {
  const RouteMatch m = match(method, path);
  return m.route && m.route->max_body_bytes != 0 ? m.route->max_body_bytes : server_limit;
}

std::size_t Router::largest_body_limit(std::size_t server_limit) const {
  std::size_t largest = server_limit;
  for (const Route& r : routes_) largest = std::max(largest, r.max_body_bytes);
  return largest;
}

const UpgradeRoute* Router::match_upgrade(std::string_view path, std::string_view protocol) const {
  for (const UpgradeRoute& u : upgrades_) {
    if (u.path == path && iequals(u.protocol, protocol)) return &u;
  }
  return nullptr;
}

}  // namespace strikeline
