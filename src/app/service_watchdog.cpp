#include "app/service_watchdog.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

namespace strikeline::app {

namespace {

// Closes the descriptor on every path.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

bool http_server_answers(const std::string& address, std::uint16_t port,
                         std::chrono::milliseconds timeout) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const bool v6 = address.find(':') != std::string::npos;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    if (address == "::" || ::inet_pton(AF_INET6, address.c_str(), &a->sin6_addr) != 1)
      a->sin6_addr = in6addr_loopback;
    length = sizeof(sockaddr_in6);
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&storage);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    if (address == "0.0.0.0" || ::inet_pton(AF_INET, address.c_str(), &a->sin_addr) != 1)
      a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    length = sizeof(sockaddr_in);
  }
  Descriptor s{::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return false;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  // On Linux SO_SNDTIMEO also bounds connect().
  ::setsockopt(s.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  ::setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(s.fd, reinterpret_cast<sockaddr*>(&storage), length) != 0) return false;
  constexpr std::string_view request =
      "GET /health HTTP/1.1\r\nHost: localhost\r\nUser-Agent: strikeline-watchdog\r\n"
      "Connection: close\r\n\r\n";
  if (::send(s.fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size()))
    return false;
  char head[16] = {};
  std::size_t got = 0;
  while (got < 9) {  // "HTTP/1.1 "
    const ssize_t n = ::recv(s.fd, head + got, 9 - got, 0);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return std::memcmp(head, "HTTP/1.", 7) == 0;
}

ServiceWatchdog::ServiceWatchdog(std::string address, std::uint16_t port)
    : address_(std::move(address)), port_(port) {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
  period_ = std::chrono::microseconds(usec / 2);
  spdlog::info("systemd watchdog: keep-alive every {} ms while HTTP answers",
               std::chrono::duration_cast<std::chrono::milliseconds>(period_).count());
  worker_.start([this](std::stop_token) { return keep_alive(); });
}

PeriodicWorker::Delay ServiceWatchdog::keep_alive() {
  const auto probe_timeout =
      std::max(std::chrono::milliseconds{100},
               std::chrono::duration_cast<std::chrono::milliseconds>(period_) / 2);
  if (http_server_answers(address_, port_, probe_timeout)) {
    sd_notify(0, "WATCHDOG=1");
  } else {
    spdlog::warn("systemd watchdog: the server did not answer on {}:{}; no keep-alive sent",
                 address_, port_);
  }
  return period_;
}

}  // namespace strikeline::app
