// The access log: one line per answered request (remote address, method, target, status, body
// bytes, handling time, correlation id) through spdlog, or nothing when switched off. Secrets a
// client put in the URL are not written: the values of query parameters named like credentials
// (token, access_token, api_key, apikey, key, password, passwd, secret, signature, auth,
// authorization; any case) are logged as "***". The default
// logger writes to stdout; it is not registered in spdlog's global registry, so several servers
// can live in one process.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace spdlog {
class logger;
}

namespace strikeline {

// The target with the values of credential-like query parameters replaced by "***".
std::string redact_target(std::string_view target);

class AccessLog {
 public:
  explicit AccessLog(bool enabled, std::shared_ptr<spdlog::logger> logger = nullptr);
  bool enabled() const { return enabled_; }
  void record(const boost::asio::ip::address& remote, std::string_view method,
              std::string_view target, unsigned status, std::size_t bytes, double seconds,
              std::string_view correlation_id) const;

 private:
  bool enabled_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace strikeline
