// Who may ingest (API.md POST /fo/ingest/*): with a configured token, requests must carry
// `Authorization: Bearer <token>`; a missing or malformed header is 401, a wrong token 403. The
// token is compared in constant time (no early exit on the first differing byte). Without a token
// only loopback clients (127.0.0.0/8, ::1, IPv4-mapped loopback) may ingest; others get 403.
#pragma once

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

  bool has_token() const { return !token_.empty(); }
  // nullopt: the request may ingest.
  std::optional<IngestAuthFailure> check(const HttpRequest& request,
                                         const boost::asio::ip::address& remote) const;

 private:
  std::string token_;
};

// Equality whose running time depends only on the lengths, not on where the texts differ.
bool constant_time_equals(std::string_view a, std::string_view b);

bool is_loopback(const boost::asio::ip::address& address);

}  // namespace strikeline
