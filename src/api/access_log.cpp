#include "api/access_log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>

#include "core/text.h"

namespace strikeline {

namespace {

bool is_secret_name(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "token",  "access_token", "api_key",   "apikey", "key",          "password",
      "passwd", "secret",       "signature", "auth",   "authorization"};
  for (std::string_view n : kNames) {
    if (iequals(name, n)) return true;
  }
  return false;
}

}  // namespace

std::string redact_target(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, question + 1));
  std::string_view query = target.substr(question + 1);
  bool first = true;
  while (true) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && is_secret_name(pair.substr(0, eq))) {
      out.append(pair.substr(0, eq + 1));
      out += "***";
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

AccessLog::AccessLog(bool enabled, std::shared_ptr<spdlog::logger> logger)
    : enabled_(enabled), logger_(std::move(logger)) {
  if (enabled_ && !logger_) {
    logger_ = std::make_shared<spdlog::logger>("access",
                                               std::make_shared<spdlog::sinks::stdout_sink_mt>());
    logger_->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [access] %v");
  }
}

void AccessLog::record(const boost::asio::ip::address& remote, std::string_view method,
                       std::string_view target, unsigned status, std::size_t bytes, double seconds,
                       std::string_view correlation_id) const {
  if (!enabled_) return;
  // Targets are bounded by the header limit; cut very long ones so a line stays readable.
  std::string shown = redact_target(target);
  if (shown.size() > 512) shown.resize(512);
  logger_->info("{} \"{} {}\" {} {} {:.3f}ms cid={}", remote.to_string(), method, shown, status,
                bytes, seconds * 1e3, correlation_id);
}

}  // namespace strikeline
