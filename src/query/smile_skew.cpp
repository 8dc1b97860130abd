#include "query/smile_skew.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "query/atm.h"
#include "query/indicator.h"

namespace strikeline {

namespace {

// Linear in delta between a and b; a's IV when their deltas are equal (both the target).
double interpolate(const DeltaIv& a, const DeltaIv& b, double target) {
  if (a.delta == b.delta) return a.iv;
  return a.iv + (b.iv - a.iv) * (target - a.delta) / (b.delta - a.delta);
}

bool brackets(double d1, double d2, double target) {
  return (d1 - target) * (d2 - target) <= 0;
}

// The side's smile points (strikes with analytics) and the index of the first at or above ATM.
std::vector<DeltaIv> side_points(const ChainState& state, Side side, Strike atm,
                                 std::size_t& atm_position) {
  std::vector<DeltaIv> points;
  atm_position = 0;
  for (const StrikeState& s : state.strikes) {
    const SideState& st = s.side(side == Side::put);
    if (!st.has_analytics || !std::isfinite(st.delta) || !std::isfinite(st.iv)) continue;
    if (s.strike < atm) atm_position = points.size() + 1;
    points.push_back({s.strike.to_double(), st.delta, st.iv});
  }
  return points;
}

}  // namespace

std::optional<double> iv_at_delta(std::span<const DeltaIv> points, double target_delta,
                                  std::size_t from, bool up) {
  if (points.empty()) return std::nullopt;
  from = std::min(from, points.size() - 1);
  if (up) {
    for (std::size_t i = from; i + 1 < points.size(); ++i) {
      if (points[i].delta == target_delta) return points[i].iv;
      if (brackets(points[i].delta, points[i + 1].delta, target_delta)) {
        return interpolate(points[i], points[i + 1], target_delta);
      }
    }
    if (points.back().delta == target_delta) return points.back().iv;
    return std::nullopt;
  }
  for (std::size_t i = from + 1; i-- > 1;) {
    if (points[i].delta == target_delta) return points[i].iv;
    if (brackets(points[i].delta, points[i - 1].delta, target_delta)) {
      return interpolate(points[i], points[i - 1], target_delta);
    }
  }
  if (points.front().delta == target_delta) return points.front().iv;
  return std::nullopt;
}

SmileSkew smile_skew(const ChainState& state) {
  SmileSkew out;
  const std::optional<std::size_t> atm = atm_index(state);
  if (!atm) return out;
  const StrikeState& at = state.strikes[*atm];
  out.atm_strike = at.strike;
  out.atm_iv = combined_value(at, nullptr, Indicator::iv, SideSelection::both);

  std::size_t call_from = 0, put_from = 0;
  const std::vector<DeltaIv> calls = side_points(state, Side::call, at.strike, call_from);
  const std::vector<DeltaIv> puts = side_points(state, Side::put, at.strike, put_from);
  // Calls: from the first strike at or above ATM, upwards (less than ATM: the one below it, so
  // a crossing between it and ATM counts). Puts: from the last strike at or below ATM, downwards.
  out.call25_iv = iv_at_delta(calls, kSkewDelta, call_from > 0 ? call_from - 1 : 0, true);
  std::size_t put_start = put_from;  // the first at or above ATM: a crossing just above counts
  if (put_start >= puts.size() && !puts.empty()) put_start = puts.size() - 1;
  out.put25_iv = iv_at_delta(puts, -kSkewDelta, put_start, false);

  if (out.call25_iv && out.put25_iv) {
    out.rr25 = round_to(*out.call25_iv - *out.put25_iv, 4);
    if (out.atm_iv) out.bf25 = round_to((*out.call25_iv + *out.put25_iv) / 2 - *out.atm_iv, 4);
  }
  if (out.atm_iv) out.atm_iv = round_to(*out.atm_iv, 4);
  if (out.call25_iv) out.call25_iv = round_to(*out.call25_iv, 4);
  if (out.put25_iv) out.put25_iv = round_to(*out.put25_iv, 4);
  return out;
}

}  // namespace strikeline
