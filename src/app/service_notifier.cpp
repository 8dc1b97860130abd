#include "app/service_notifier.h"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <string>

namespace strikeline::app {

namespace {

void notify(const std::string& state) {
  // unset_environment = 0: the variable stays for later notifications (STOPPING after READY).
  const int sent = sd_notify(0, state.c_str());
  if (sent < 0) spdlog::warn("sd_notify failed: {}", -sent);
}

}  // namespace

void notify_ready(std::string_view status) {
  notify("READY=1\nSTATUS=" + std::string(status));
}

void notify_stopping(std::string_view status) {
  notify("STOPPING=1\nSTATUS=" + std::string(status));
}

}  // namespace strikeline::app
