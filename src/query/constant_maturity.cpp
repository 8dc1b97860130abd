#include "query/constant_maturity.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace strikeline {

namespace {

bool usable(const MaturityIv& p) {
  return std::isfinite(p.years) && p.years >= kMinMaturityYears && std::isfinite(p.iv) && p.iv > 0;
}

}  // namespace

ConstantMaturityIv constant_maturity_iv(std::span<const MaturityIv> points, double target_years) {
  assert(target_years > 0);
  ConstantMaturityIv out;
  const MaturityIv* near = nullptr;
  const MaturityIv* far = nullptr;
  for (const MaturityIv& p : points) {
    if (!usable(p)) continue;
    if (p.years <= target_years) {
      if (!near || p.years > near->years) near = &p;
    } else if (!far || p.years < far->years) {
      far = &p;
    }
  }
  if (near && far) {
    const double w_near = (near->iv / 100) * (near->iv / 100) * near->years;
    const double w_far = (far->iv / 100) * (far->iv / 100) * far->years;
    const double w =
        w_near + (w_far - w_near) * (target_years - near->years) / (far->years - near->years);
    out.near = near->expiry;
    out.far = far->expiry;
    if (w > 0) out.iv = 100 * std::sqrt(w / target_years);
    return out;
  }
  const MaturityIv* only = near ? near : far;
  if (!only) return out;
  out.iv = only->iv;
  out.extrapolated = true;
  (near ? out.near : out.far) = only->expiry;
  return out;
}

IvRankStats iv_rank_of(std::span<const double> history) {
  IvRankStats out;
  out.days_used = history.size();
  if (history.empty()) return out;
  const auto [low, high] = std::minmax_element(history.begin(), history.end());
  out.min = *low;
  out.max = *high;
  if (history.size() < kMinRankDays) return out;
  const double x = history.back();
  if (*high > *low) out.iv_rank = 100 * (x - *low) / (*high - *low);
  const std::span<const double> before = history.first(history.size() - 1);
  const auto below = std::count_if(before.begin(), before.end(), [x](double v) { return v < x; });
  out.iv_percentile = 100 * static_cast<double>(below) / static_cast<double>(before.size());
  return out;
}

}  // namespace strikeline
