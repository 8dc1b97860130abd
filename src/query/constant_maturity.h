// Constant-maturity implied volatility and its rank in a history (issue 21 item 4). Pure.
//
// constant_maturity_iv: the ATM IV at a fixed time to expiry (30 calendar days) from the listed
// expiries' ATM IVs, linear in total variance w = sigma^2 T between the two expiries around it:
// near = the longest with T <= target, far = the shortest with T > target (expiries closer than
// kMinMaturityYears, one calendar day, are left out: an expiring contract's IV is noise);
// w(target) = w_near + (w_far - w_near) (target - T_near) / (T_far - T_near), IV = sqrt(w /
// target). With only one side of the target (every expiry beyond 30 days, or every one inside it)
// the nearest expiry's IV, flat, and `extrapolated` says so. Null without an expiry with an ATM IV,
// or when the interpolated variance is not positive.
//
// iv_rank_of: over a history of daily values (oldest first, the last one the current value x):
//   IV rank = 100 (x - min) / (max - min) over the history (x included; null when max == min);
//   IV percentile = 100 x the share of the days before the last with a value below x;
// both null when the history has fewer than kMinRankDays days.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "core/expiry.h"

namespace strikeline {

inline constexpr double kConstantMaturityDays = 30;
inline constexpr double kMinMaturityYears = 1.0 / 365.0;
inline constexpr std::size_t kRankWindowDays = 252;
inline constexpr std::size_t kMinRankDays = 20;

// One expiry's ATM IV (percent) at its time to expiry (years).
struct MaturityIv {
  Expiry expiry;
  double years = 0;
  double iv = 0;
};

struct ConstantMaturityIv {
  std::optional<double> iv;         // percent
  std::optional<Expiry> near, far;  // the expiries it came from (one of them when extrapolated)
  bool extrapolated = false;
};

// points: any order; those with years < kMinMaturityYears or a non-finite or non-positive IV are
// skipped. target_years > 0.
ConstantMaturityIv constant_maturity_iv(std::span<const MaturityIv> points, double target_years);

struct IvRankStats {
  std::size_t days_used = 0;  // the history's length
  std::optional<double> min, max;
  std::optional<double> iv_rank, iv_percentile;  // percent, see above
};

IvRankStats iv_rank_of(std::span<const double> history);

}  // namespace strikeline
