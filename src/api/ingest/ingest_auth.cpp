#include "api/ingest/ingest_auth.h"

#include "core/text.h"

namespace strikeline {

bool constant_time_equals(std::string_view a, std::string_view b) {
  // Walk the longer text in full so the time does not tell how much of a guess was right.
  const std::size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
    const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

bool is_loopback(const boost::asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4().is_loopback();
  if (address.is_v6()) {
    const auto v6 = address.to_v6();
    if (v6.is_loopback()) return true;
    if (v6.is_v4_mapped()) {
      return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).is_loopback();
    }
  }
  return false;
}

bool IngestAuth::has_token() const {
  std::lock_guard lock(mutex_);
  return !token_.empty();
}

void IngestAuth::set_token(std::string token) {
  std::lock_guard lock(mutex_);
  token_ = std::move(token);
}

std::optional<std::string> cross_site_problem(const HttpRequest& request) {
  const auto fetch_site = request["Sec-Fetch-Site"];
  if (!fetch_site.empty()) {
    const std::string_view site = trim({fetch_site.data(), fetch_site.size()});
    if (!iequals(site, "same-origin") && !iequals(site, "none")) {
      return "a browser page of another site may not ingest (Sec-Fetch-Site: " + std::string(site) +
             "); send ingest requests from a program, not a web page";
    }
  }
  const auto origin_field = request[http::field::origin];
  if (origin_field.empty()) return std::nullopt;
  const std::string_view origin = trim({origin_field.data(), origin_field.size()});
  const auto host_field = request[http::field::host];
  const std::string_view host = trim({host_field.data(), host_field.size()});
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!host.empty() && origin.size() == scheme.size() + host.size() &&
        iequals(origin.substr(0, scheme.size()), scheme) &&
        iequals(origin.substr(scheme.size()), host)) {
      return std::nullopt;
    }
  }
  return "a browser page of another site may not ingest (Origin: " +
         std::string(origin.substr(0, 100)) +
         "); send ingest requests from a program, not a web page";
}

std::optional<IngestAuthFailure> IngestAuth::check(const HttpRequest& request,
                                                   const boost::asio::ip::address& remote) const {
  if (auto cross_site = cross_site_problem(request)) {
    return IngestAuthFailure{http::status::forbidden, std::move(*cross_site)};
  }
  std::string token;
  {
    std::lock_guard lock(mutex_);
    token = token_;
  }
  if (token.empty()) {
    if (is_loopback(remote)) return std::nullopt;
    return IngestAuthFailure{http::status::forbidden,
                             "ingest is open to loopback clients only when the server has no "
                             "ingest token; start serve with --ingest-token (or "
                             "STRIKELINE_INGEST_TOKEN) and send Authorization: Bearer <token>"};
  }
  const auto it = request.find(http::field::authorization);
  if (it == request.end()) {
    return IngestAuthFailure{http::status::unauthorized,
                             "missing Authorization header: send Authorization: Bearer <token>"};
  }
  const std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() < kScheme.size() || !iequals(value.substr(0, kScheme.size()), kScheme)) {
    return IngestAuthFailure{http::status::unauthorized,
                             "malformed Authorization header: expected 'Bearer <token>'"};
  }
  const std::string_view presented = trim(value.substr(kScheme.size()));
  if (!constant_time_equals(presented, token)) {
    return IngestAuthFailure{http::status::forbidden, "the ingest token is not valid"};
  }
  return std::nullopt;
}

}  // namespace strikeline
