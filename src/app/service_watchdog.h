// ServiceWatchdog: systemd's watchdog for `strikeline serve` (WatchdogSec= in the unit, which sets
// WATCHDOG_USEC). While it lives, a worker sends WATCHDOG=1 every half interval provided the server
// still answers HTTP on its own port (a GET /health over loopback; any status counts, since a 503
// names a failing dependency that a restart would not fix). A hung server stops the keep-alives and
// systemd restarts it. Without WATCHDOG_USEC (not under systemd, or no WatchdogSec) it does
// nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/periodic_worker.h"

namespace strikeline::app {

class ServiceWatchdog {
 public:
  // `address` and `port`: where the server listens (0.0.0.0 / :: are probed on loopback).
  ServiceWatchdog(std::string address, std::uint16_t port);
  ServiceWatchdog(const ServiceWatchdog&) = delete;
  ServiceWatchdog& operator=(const ServiceWatchdog&) = delete;

  bool enabled() const { return worker_.running(); }

 private:
  // One probe, and a keep-alive when it is answered; returns the wait before the next.
  PeriodicWorker::Delay keep_alive();

  const std::string address_;
  const std::uint16_t port_;
  std::chrono::microseconds period_{0};
  PeriodicWorker worker_;  // last: stopped (the keep-alives end) before the members it uses go
};

// True when an HTTP server answers a GET /health on address:port within `timeout` (any status).
bool http_server_answers(const std::string& address, std::uint16_t port,
                         std::chrono::milliseconds timeout);

}  // namespace strikeline::app
