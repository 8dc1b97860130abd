// Service-manager notifications (systemd Type=notify, through $NOTIFY_SOCKET with libsystemd's
// sd_notify): READY=1 once the server listens, STOPPING=1 when a graceful stop begins, and a
// STATUS= line for `systemctl status`. Without $NOTIFY_SOCKET (not started by systemd) every call
// does nothing, so the same binary runs anywhere. Thread-safe.
#pragma once

#include <string_view>

namespace strikeline::app {

// The server accepts connections: systemd starts units ordered after this one now.
void notify_ready(std::string_view status);
// A graceful stop (drain) has begun.
void notify_stopping(std::string_view status);

}  // namespace strikeline::app
