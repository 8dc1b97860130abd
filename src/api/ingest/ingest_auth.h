// Who may ingest (API.md POST /fo/ingest/*): with a configured token, requests must carry
// `Authorization: Bearer <token>`; a missing or malformed header is 401, a wrong token 403. The
// token is compared in constant time (no early exit on the first differing byte) and may be
// replaced while serving (a SIGHUP re-reading --ingest-token-file). Without a token only loopback
// clients (127.0.0.0/8, ::1, IPv4-mapped loopback) may ingest; others get 403.
//
// Whatever the token, a request a browser sends on behalf of another site is refused (403): one
// whose Sec-Fetch-Site is not same-origin or none, or whose Origin is not this server's own
// (http:// or https:// and its Host). Without it, a page open in a browser on the host could post
// `text/plain` ticks to a loopback-only server; command-line clients send neither header.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace strikeline {

struct IngestAuthFailure {
  http::status status;  // 401 or 403
  std::string detail;
};

class IngestAuth {
 public:
  explicit IngestAuth(std::string token = {}) : token_(std::move(token)) {}

  bool has_token() const;
  void set_token(std::string token);
  // nullopt: the request may ingest.
  std::optional<IngestAuthFailure> check(const HttpRequest& request,
                                         const boost::asio::ip::address& remote) const;

 private:
  mutable std::mutex mutex_;
  std::string token_;
};

// Why a browser request comes from another site (the reason for a 403), or nullopt.
std::optional<std::string> cross_site_problem(const HttpRequest& request);

// Equality whose running time depends only on the lengths, not on where the texts differ.
bool constant_time_equals(std::string_view a, std::string_view b);

bool is_loopback(const boost::asio::ip::address& address);

}  // namespace strikeline
