#include "api/host_policy.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>

#include "core/text.h"

namespace strikeline {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  return !ec;
}

bool is_localhost(std::string_view host) {
  return host == "localhost" || host.ends_with(".localhost");
}

}  // namespace

std::string host_of(std::string_view value) {
  value = trim(value);
  if (value.empty()) return {};
  if (value.front() == '[') {
    const auto close = value.find(']');
    if (close == std::string_view::npos) return {};
    const std::string_view rest = value.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return {};
    return lower(value.substr(1, close - 1));
  }
  const auto colon = value.find(':');
  if (colon != std::string_view::npos) {
    if (value.find(':', colon + 1) != std::string_view::npos) return {};  // bare IPv6: malformed
    value = value.substr(0, colon);
  }
  if (!value.empty() && value.back() == '.') value.remove_suffix(1);  // "localhost." is localhost
  return lower(value);
}

HostPolicy::HostPolicy(std::string_view listen_host, std::vector<std::string> allowed) {
  const std::string listen = host_of(listen_host);
  if (!listen.empty() && !is_ip_literal(listen)) names_.push_back(listen);
  for (const std::string& a : allowed) {
    const std::string name = lower(trim(a));
    if (name.empty()) continue;
    if (name == "*") {
      any_ = true;
    } else if (name.front() == '.') {
      suffixes_.push_back(name);
    } else {
      names_.push_back(host_of(name));
    }
  }
}

bool HostPolicy::allows(std::string_view header) const {
  if (any_ || trim(header).empty()) return true;
  const std::string host = host_of(header);
  if (host.empty()) return false;
  if (is_localhost(host) || is_ip_literal(host)) return true;
  if (std::find(names_.begin(), names_.end(), host) != names_.end()) return true;
  for (const std::string& s : suffixes_) {
    if (host.ends_with(s) || host == std::string_view(s).substr(1)) return true;
  }
  return false;
}

std::string HostPolicy::describe() const {
  std::string out = "IP addresses, localhost";
  for (const std::string& n : names_) out += ", " + n;
  for (const std::string& s : suffixes_) out += ", *" + s;
  return out;
}

}  // namespace strikeline
