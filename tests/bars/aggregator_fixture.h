// Helpers for the aggregator tests: IST clock times on fixed days and tick builders.
#pragma once

#include <gtest/gtest.h>

#include "bars/bar_aggregator.h"

namespace strikeline::test {

using namespace std::chrono;

inline constexpr Date kMonday = sys_days{2025y / November / 3};
inline constexpr Date kTuesday = sys_days{2025y / November / 4};
inline constexpr Expiry kExpiry = sys_days{2025y / November / 11};

// hh:mm:ss(.fraction) IST on `day`.
inline Timestamp ist(int h, int m, double s = 0, Date day = kMonday) {
  return Timestamp{ist_time_on(day, hours{h} + minutes{m})} +
         microseconds{static_cast<std::int64_t>(s * 1e6)};
}
inline UtcSeconds bucket(int h, int m, Date day = kMonday) {
  return ist_time_on(day, hours{h} + minutes{m});
}

inline OptionTick tick(Timestamp ts, Side side = Side::call, std::int64_t strike = 24300) {
  OptionTick t;
  t.ts = ts;
  t.symbol = "NIFTY";
  t.expiry = kExpiry;
  t.strike = strike_rupees(strike);
  t.side = side;
  return t;
}

inline OptionTick with_volume(OptionTick t, std::int64_t cumulative) {
  t.cumulative_volume = cumulative;
  return t;
}

inline OptionTick with_analytics(OptionTick t, double iv, double delta, double gamma, double theta,
                                 double vega) {
  t.iv = iv;
  t.delta = delta;
  t.gamma = gamma;
  t.theta = theta;
  t.vega = vega;
  return t;
}

// The bar of `at` among `bars` (fails the test when absent).
inline const StrikeBar& bar_at(const std::vector<StrikeBar>& bars, UtcSeconds at,
                               std::int64_t strike = 24300) {
  for (const StrikeBar& b : bars) {
    if (b.key.bucket == at && b.key.strike == strike_rupees(strike)) return b;
  }
  ADD_FAILURE() << "no bar at " << format_iso_utc(at);
  static const StrikeBar none{};
  return none;
}

}  // namespace strikeline::test
