// Reconnection delays: exponential backoff with jitter. The n-th consecutive failed attempt waits
// min(max, initial * multiplier^n) scaled by a uniform factor in [1 - jitter, 1], so many clients
// dropped together do not reconnect in lockstep; reset() after a connection that delivered data.
// Deterministic for a seed (tests).
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace strikeline::kite {

struct BackoffPolicy {
  std::chrono::milliseconds initial{500};
  std::chrono::milliseconds max{30'000};
  double multiplier = 2.0;
  double jitter = 0.5;  // 0: none; 1: anywhere in [0, delay]
};

class ReconnectBackoff {
 public:
  explicit ReconnectBackoff(BackoffPolicy policy = {}, std::uint64_t seed = std::random_device{}());

  std::chrono::milliseconds next();
  void reset() { attempt_ = 0; }
  int attempts() const { return attempt_; }
  // The delay before jitter for the current attempt count.
  std::chrono::milliseconds ceiling() const;

 private:
  BackoffPolicy policy_;
  std::mt19937_64 random_;
  int attempt_ = 0;
};

}  // namespace strikeline::kite
