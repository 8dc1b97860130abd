// The hand-computed chain of the rollup tests: strike 24300 of NIFTY 2025-11-04 on 2025-11-03 with
// 1-minute bars at 09:15, 09:16, 09:17, 09:21, 09:31 and 10:20 IST, and strike 24350 at 09:16.
// Expected rollups are written out, with their arithmetic, in the tests.
#pragma once

#include <vector>

#include "store_fixtures.h"

namespace strikeline::testing {

inline const Date kDay = day_of(2025, 11, 3);
inline const Expiry kExpiry = day_of(2025, 11, 4);

inline StrikeBar at(int hh, int mm, std::int64_t strike, std::optional<double> underlying) {
  return minute_bar("NIFTY", kExpiry, strike, ist(kDay, hh, mm), underlying);
}

inline std::vector<StrikeBar> rollup_bars() {
  std::vector<StrikeBar> bars;
  StrikeBar b1 = at(9, 15, 24300, 24310);
  b1.call = side({.count = 3,
                  .analytics = 2,
                  .iv = 20,
                  .delta = 0.5,
                  .gamma = 0.002,
                  .theta = -10,
                  .vega = 8,
                  .volume = 100,
                  .oi = 1000,
                  .oi_change = 10,
                  .ohlc = std::array{10.0, 12.0, 9.0, 11.0}});
  b1.put = side({.count = 1, .oi = 500});
  bars.push_back(b1);

  StrikeBar b2 = at(9, 16, 24300, 24320);
  b2.call = side({.count = 1,
                  .analytics = 1,
                  .iv = 23,
                  .delta = 0.4,
                  .gamma = 0.003,
                  .theta = -12,
                  .vega = 9,
                  .volume = 50,
                  .oi = 1100,
                  .oi_change = 110,
                  .ohlc = std::array{11.0, 15.0, 10.0, 14.0}});
  b2.put = side({.count = 1, .volume = 10});
  bars.push_back(b2);

  StrikeBar other = at(9, 16, 24350, 24320);
  other.call = side({.count = 1, .volume = 7});
  bars.push_back(other);

  StrikeBar b3 = at(9, 17, 24300, std::nullopt);
  b3.call = side({.count = 2, .volume = 30});  // ticks without Greeks, OI or premium
  bars.push_back(b3);

  StrikeBar b4 = at(9, 21, 24300, 24300);
  b4.call = side({.count = 3,
                  .analytics = 3,
                  .iv = 26,
                  .delta = 0.6,
                  .gamma = 0.001,
                  .theta = -8,
                  .vega = 7,
                  .volume = 20,
                  .oi = 1200,
                  .oi_change = 210,
                  .ohlc = std::array{14.0, 14.0, 8.0, 9.0}});
  b4.put = side({.count = 2, .oi = 700, .oi_change = -50});
  bars.push_back(b4);

  StrikeBar b5 = at(9, 31, 24300, 24290);
  b5.call = side({.count = 1,
                  .analytics = 1,
                  .iv = 30,
                  .delta = 0.3,
                  .gamma = 0.004,
                  .theta = -14,
                  .vega = 10,
                  .volume = 5,
                  .oi = 1300,
                  .oi_change = 310,
                  .ohlc = std::array{9.0, 10.0, 7.0, 7.5}});
  bars.push_back(b5);

  StrikeBar b6 = at(10, 20, 24300, 24330);
  b6.call = side({.count = 2,
                  .analytics = 2,
                  .iv = 18,
                  .delta = 0.55,
                  .gamma = 0.002,
                  .theta = -9,
                  .vega = 6,
                  .volume = 40,
                  .oi = 1250,
                  .oi_change = 260,
                  .ohlc = std::array{8.0, 9.5, 6.0, 9.0}});
  b6.put =
      side({.count = 1, .oi = 650, .oi_change = -100, .ohlc = std::array{20.0, 21.0, 19.0, 20.5}});
  bars.push_back(b6);
  return bars;
}

// The one bar of strike 24300 in a bucket (fails the test when there is none).
inline StrikeBar bar_of(const std::vector<StrikeBar>& bucket, std::int64_t strike = 24300) {
  for (const StrikeBar& bar : bucket) {
    if (bar.key.strike == strike_rupees(strike)) return bar;
  }
  ADD_FAILURE() << "no bar for strike " << strike;
  return {};
}

}  // namespace strikeline::testing
