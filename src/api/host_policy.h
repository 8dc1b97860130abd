// HostPolicy: which Host headers the server answers (a defence against DNS rebinding: a web page
// whose name the attacker re-points at this server's address sends its own name as Host, so a
// request naming a host the server does not know is refused with 421 Misdirected Request instead
// of handing the page every answer). Allowed: IP literals (v4, [v6]), `localhost` and names under
// `.localhost` (browsers resolve them to loopback themselves), the host the server was told to
// listen on when that is a name, and the configured names (case-insensitive; a leading dot allows
// the name and every name under it: `.example.com`; `*` allows any host). A port is ignored. A
// request without Host (HTTP/1.0) is allowed: browsers always send one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strikeline {

class HostPolicy {
 public:
  // `listen_host`: the --listen host (an address or a name); `allowed`: --allowed-host values.
  HostPolicy(std::string_view listen_host, std::vector<std::string> allowed);

  bool allows(std::string_view host_header) const;
  // For messages: the names allowed besides IP literals and localhost.
  std::string describe() const;

 private:
  std::vector<std::string> names_;     // lower case, exact
  std::vector<std::string> suffixes_;  // lower case, ".example.com"
  bool any_ = false;
};

// The host part of a Host header value, lower-cased, without the port or IPv6 brackets; empty when
// the value is malformed.
std::string host_of(std::string_view host_header);

}  // namespace strikeline
