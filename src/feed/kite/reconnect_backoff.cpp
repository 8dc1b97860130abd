#include "feed/kite/reconnect_backoff.h"

#include <algorithm>
#include <cmath>

namespace strikeline::kite {

ReconnectBackoff::ReconnectBackoff(BackoffPolicy policy, std::uint64_t seed)
    : policy_(policy), random_(seed) {
  policy_.jitter = std::clamp(policy_.jitter, 0.0, 1.0);
  policy_.multiplier = std::max(1.0, policy_.multiplier);
  policy_.initial = std::max(std::chrono::milliseconds{1}, policy_.initial);
  policy_.max = std::max(policy_.initial, policy_.max);
}

std::chrono::milliseconds ReconnectBackoff::ceiling() const {
  const double grown = static_cast<double>(policy_.initial.count()) *
                       std::pow(policy_.multiplier, static_cast<double>(attempt_));
  const double capped = std::min(grown, static_cast<double>(policy_.max.count()));
  return std::chrono::milliseconds{static_cast<std::int64_t>(capped)};
}

std::chrono::milliseconds ReconnectBackoff::next() {
  const double ceiling_ms = static_cast<double>(ceiling().count());
  if (attempt_ < 64) ++attempt_;
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  const double delay = ceiling_ms * (1.0 - policy_.jitter * u);
  return std::chrono::milliseconds{std::max<std::int64_t>(1, std::llround(delay))};
}

}  // namespace strikeline::kite
