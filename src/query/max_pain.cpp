#include "query/max_pain.h"

#include <boost/multiprecision/cpp_int.hpp>

namespace strikeline {

namespace {

using Wide = boost::multiprecision::int256_t;

std::int64_t usable_oi(const SideState& side) {
  return side.oi && *side.oi > 0 ? *side.oi : 0;
}

}  // namespace

std::optional<Strike> max_pain(std::span<const StrikeState> strikes) {
  // One sweep in ascending strike order. With C(P) = sum of call OI at strikes <= P and
  // CK(P) = sum of callOI*K over them, the calls pay P*C - CK; symmetrically the puts at strikes
  // >= P pay PK - P*Q. Products reach 10^20, hence the wide integers.
  Wide put_oi_total = 0, put_weighted_total = 0;
  for (const StrikeState& s : strikes) {
    put_oi_total += usable_oi(s.put);
    put_weighted_total += Wide(usable_oi(s.put)) * s.strike.hundredths();
  }
  Wide call_oi_below = 0, call_weighted_below = 0;                            // strikes <= P
  Wide put_oi_above = put_oi_total, put_weighted_above = put_weighted_total;  // strikes >= P
  bool any_oi = put_oi_total != 0;
  std::optional<Strike> best;
  Wide best_pain = 0;
  for (const StrikeState& s : strikes) {
    const std::int64_t p = s.strike.hundredths();
    const std::int64_t call_oi = usable_oi(s.call);
    if (call_oi != 0) any_oi = true;
    call_oi_below += call_oi;
    call_weighted_below += Wide(call_oi) * p;
    const Wide pain = (Wide(p) * call_oi_below - call_weighted_below) +
                      (put_weighted_above - Wide(p) * put_oi_above);
    if (!best || pain < best_pain) {
      best = s.strike;
      best_pain = pain;
    }
    const std::int64_t put_oi = usable_oi(s.put);
    put_oi_above -= put_oi;
    put_weighted_above -= Wide(put_oi) * p;
  }
  if (!any_oi) return std::nullopt;
  return best;
}

}  // namespace strikeline
