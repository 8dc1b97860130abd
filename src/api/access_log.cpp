#include "api/access_log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace strikeline {

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
  if (target.size() > 512) target = target.substr(0, 512);
  logger_->info("{} \"{} {}\" {} {} {:.3f}ms cid={}", remote.to_string(), method, target, status,
                bytes, seconds * 1e3, correlation_id);
}

}  // namespace strikeline
