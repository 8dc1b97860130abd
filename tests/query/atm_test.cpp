#include "query/atm.h"

#include <gtest/gtest.h>

#include <vector>

#include "fixtures/bar_builder.h"
#include "query/max_pain.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace {
const Expiry kExpiry = sys_days{2025y / November / 4};

std::vector<StrikeBar> chain(std::initializer_list<std::int64_t> strikes,
                             std::optional<double> underlying) {
  std::vector<StrikeBar> bars;
  for (std::int64_t k : strikes) {
    bars.push_back(
        bar_at("NIFTY", kExpiry, k, Timeframe::m5, strikeline::utc_seconds(0), underlying));
  }
  return bars;
}

StrikeBar oi_bar(std::int64_t strike, std::int64_t call_oi, std::int64_t put_oi) {
  StrikeBar bar =
      bar_at("NIFTY", kExpiry, strike, Timeframe::m5, strikeline::utc_seconds(0), 115.0);
  bar.call = with_oi({}, call_oi);
  bar.put = with_oi({}, put_oi);
  return bar;
}
}  // namespace

TEST(Underlying, MedianOfTheBars) {
  auto bars = chain({100, 110, 120}, std::nullopt);
  EXPECT_FALSE(bucket_underlying(bars));
  bars[0].underlying_close = 24350.0;
  bars[1].underlying_close = 24500.0;  // stale outlier
  bars[2].underlying_close = 24352.0;
  EXPECT_EQ(bucket_underlying(bars), 24352.0);
  bars[1].underlying_close.reset();  // two values: the lower middle
  EXPECT_EQ(bucket_underlying(bars), 24350.0);
}

TEST(Atm, NearestGridStrike) {
  const auto bars = chain({24300, 24350, 24400, 24450}, 24374.0);
  // 24374 / 50 = 487.48 -> 487 -> 24350.
  EXPECT_EQ(atm_strike(bars, 24374.0, strike_rupees(50)), strike_rupees(24350));
  // 24426 / 50 = 488.52 -> 489 -> 24450.
  EXPECT_EQ(atm_strike(bars, 24426.0, strike_rupees(50)), strike_rupees(24450));
}

TEST(Atm, TiesRoundHalfToEvenOnTheGrid) {
  const auto bars = chain({24300, 24350, 24400, 24450}, 24375.0);
  // 24375 / 50 = 487.5 -> 488 (even) -> 24400; 24325 / 50 = 486.5 -> 486 -> 24300.
  EXPECT_EQ(atm_strike(bars, 24375.0, strike_rupees(50)), strike_rupees(24400));
  EXPECT_EQ(atm_strike(bars, 24325.0, strike_rupees(50)), strike_rupees(24300));
}

TEST(Atm, FallsBackToTheNearestListedStrike) {
  // The grid strike 24350 has no bar: nearest of 24300 (50 away) and 24400 (40 away) is 24400;
  // underlying 24350 is 50 from both: the lower one.
  const auto bars = chain({24300, 24400}, 24360.0);
  EXPECT_EQ(atm_strike(bars, 24360.0, strike_rupees(50)), strike_rupees(24400));
  EXPECT_EQ(atm_strike(bars, 24350.0, strike_rupees(50)), strike_rupees(24300));
  EXPECT_FALSE(atm_strike({}, 24350.0, strike_rupees(50)));
  EXPECT_FALSE(atm_strike(bars, -1.0, strike_rupees(50)));
}

TEST(MaxPain, MinimisesTheIntrinsicValuePaid) {
  // call OI 10/20/5 and put OI 5/10/40 at 100/110/120.
  // P=100: puts 10*10 + 40*20 = 900.  P=110: calls 10*10 = 100, puts 40*10 = 400 -> 500.
  // P=120: calls 10*20 + 20*10 = 400 -> 400.  Minimum at 120.
  const std::vector<StrikeBar> bars = {oi_bar(100, 10, 5), oi_bar(110, 20, 10), oi_bar(120, 5, 40)};
  EXPECT_EQ(max_pain(bars), strike_rupees(120));
}

TEST(MaxPain, TiesGoToTheLowerStrike) {
  // put OI at 120 is 30: P=100 -> 700, P=110 -> 100 + 300 = 400, P=120 -> 400.
  const std::vector<StrikeBar> bars = {oi_bar(100, 10, 5), oi_bar(110, 20, 10), oi_bar(120, 5, 30)};
  EXPECT_EQ(max_pain(bars), strike_rupees(110));
}

TEST(MaxPain, CallsAndPutsWeighTheRightWay) {
  // Out-of-the-money OI only (calls at 120, puts at 100) plus one call at 100:
  // P=100 pays 0; P=110 pays the call at 100: 1*10 = 10; P=120 pays 1*20 = 20 -> 100.
  // With calls and puts swapped the answer would be 120 (20000 / 16000 / 12000).
  const std::vector<StrikeBar> bars = {oi_bar(100, 1, 600), oi_bar(110, 0, 0),
                                       oi_bar(120, 1000, 0)};
  EXPECT_EQ(max_pain(bars), strike_rupees(100));
}

TEST(MaxPain, MissingOrNegativeOiCountsAsZero) {
  std::vector<StrikeBar> bars = {oi_bar(100, 10, 5), oi_bar(110, 20, 10), oi_bar(120, 5, 40)};
  bars.push_back(oi_bar(130, -500, 0));
  bars.back().put.oi.reset();
  // As in MinimisesTheIntrinsicValuePaid, plus P=130: calls 10*30 + 20*20 + 5*10 = 750 -> 120.
  EXPECT_EQ(max_pain(bars), strike_rupees(120));
}

TEST(MaxPain, NoOiNoAnswer) {
  EXPECT_FALSE(max_pain({}));
  const std::vector<StrikeBar> bars = {oi_bar(100, 0, 0), oi_bar(110, 0, 0)};
  EXPECT_FALSE(max_pain(bars));
}
