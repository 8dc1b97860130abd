#include "query/open_interest_carry.h"

#include <gtest/gtest.h>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"
#include "query/strike_distribution.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace open_interest_carry_test {

const Expiry kNov4 = sys_days{2025y / November / 4};
const UtcSeconds kT0 = ist_time_on(kNov4, hours{10});

// Strike 24300: both sides trade at T0 (call OI 1400 change 100, put OI 1200); at T0+5m only the
// call trades (OI 1500, no change reported); at T0+10m only the put trades (OI 900).
// Strike 24350: only its put ever trades (T0+10m).
InMemoryChain chain() {
  InMemoryChain c;
  StrikeBar a = bar_at("NIFTY", kNov4, 24300, Timeframe::m5, kT0, 24310.0);
  a.call = with_oi({}, 1400, 100);
  a.put = with_oi({}, 1200, -50);
  c.add(a);
  StrikeBar b = bar_at("NIFTY", kNov4, 24300, Timeframe::m5, kT0 + 5min, 24320.0);
  b.call = with_oi({}, 1500);
  c.add(b);
  StrikeBar d = bar_at("NIFTY", kNov4, 24300, Timeframe::m5, kT0 + 10min, 24330.0);
  d.put = with_oi({}, 900, -350);
  c.add(d);
  StrikeBar e = bar_at("NIFTY", kNov4, 24350, Timeframe::m5, kT0 + 10min, 24330.0);
  e.put = with_oi({}, 700);
  c.add(e);
  return c;
}

TEST(OpenInterestCarry, AscendingBucketsFillGapsWithTheLastValue) {
  const InMemoryChain c = chain();
  OpenInterestCarry carry;
  auto t0 = c.bucket("NIFTY", kNov4, Timeframe::m5, kT0);
  auto t5 = c.bucket("NIFTY", kNov4, Timeframe::m5, kT0 + 5min);
  auto t10 = c.bucket("NIFTY", kNov4, Timeframe::m5, kT0 + 10min);
  carry.carry(t0);
  carry.carry(t5);
  carry.carry(t10);
  ASSERT_EQ(t5.size(), 1u);
  EXPECT_EQ(t5[0].call.oi, 1500);      // present: kept
  EXPECT_FALSE(t5[0].call.oi_change);  // present oi, absent change: not mixed with old change
  EXPECT_EQ(t5[0].put.oi, 1200);       // carried from T0
  EXPECT_EQ(t5[0].put.oi_change, -50);
  ASSERT_EQ(t10.size(), 2u);
  EXPECT_EQ(t10[0].call.oi, 1500);  // carried from T0+5m, the newest
  EXPECT_EQ(t10[0].put.oi, 900);
  EXPECT_FALSE(t10[1].call.oi);  // 24350's call never traded: stays unknown
  EXPECT_EQ(t10[1].put.oi, 700);
  EXPECT_EQ(t10[0].call.count, 0u);  // carrying adds no ticks
}

TEST(OpenInterestCarry, StrikesFirstSeenLaterAreRememberedInStrikeOrder) {
  // Bucket 1 knows 24300 and 24500; bucket 2 adds 24200, 24400 and 24600 around and between
  // them; bucket 3 trades nothing but lists every strike: each must get its own last value.
  const auto strike_bar = [](std::int64_t strike, UtcSeconds t,
                             std::optional<std::int64_t> call_oi) {
    StrikeBar b = bar_at("NIFTY", kNov4, strike, Timeframe::m5, t, 24400.0);
    if (call_oi) b.call = with_oi({}, *call_oi);
    return b;
  };
  std::vector<StrikeBar> first{strike_bar(24300, kT0, 300), strike_bar(24500, kT0, 500)};
  std::vector<StrikeBar> second{
      strike_bar(24200, kT0 + 5min, 200), strike_bar(24300, kT0 + 5min, std::nullopt),
      strike_bar(24400, kT0 + 5min, 400), strike_bar(24600, kT0 + 5min, 600)};
  std::vector<StrikeBar> third;
  for (std::int64_t k : {24200, 24300, 24400, 24500, 24600}) {
    third.push_back(strike_bar(k, kT0 + 10min, std::nullopt));
  }
  OpenInterestCarry carry;
  carry.carry(first);
  carry.carry(second);
  carry.carry(third);
  EXPECT_EQ(second[1].call.oi, 300);  // 24300 carried from the first bucket
  const std::vector<std::int64_t> expected{200, 300, 400, 500, 600};
  for (std::size_t i = 0; i < third.size(); ++i) {
    ASSERT_TRUE(third[i].call.oi) << i;
    EXPECT_EQ(*third[i].call.oi, expected[i]) << i;
    EXPECT_FALSE(third[i].put.oi) << i;
  }
}

TEST(OpenInterestCarry, LooksBackFromOneBucket) {
  const InMemoryChain c = chain();
  auto t10 = c.bucket("NIFTY", kNov4, Timeframe::m5, kT0 + 10min);
  OpenInterestCarry::fill_from_history(c, "NIFTY", kNov4, Timeframe::m5, kT0 + 10min, hours{24},
                                       t10);
  EXPECT_EQ(t10[0].call.oi, 1500);
  EXPECT_EQ(t10[0].put.oi, 900);
  EXPECT_FALSE(t10[1].call.oi);
  // A lookback shorter than the gap finds nothing.
  auto again = c.bucket("NIFTY", kNov4, Timeframe::m5, kT0 + 10min);
  OpenInterestCarry::fill_from_history(c, "NIFTY", kNov4, Timeframe::m5, kT0 + 10min, minutes{4},
                                       again);
  EXPECT_FALSE(again[0].call.oi);
}

TEST(OpenInterestCarry, StrikeDistributionServesTheLastOpenInterest) {
  const InMemoryChain c = chain();
  StrikeDistributionRequest request;
  request.symbol = "NIFTY";
  request.timeframe = Timeframe::m5;
  request.indicator = Indicator::oi;
  request.side = SideSelection::both;
  request.strike_range = 10;
  request.expiries = {kNov4};
  const StrikeDistribution d = strike_distribution(c, ContractSpecs{}, request);
  ASSERT_EQ(d.series.size(), 1u);
  ASSERT_EQ(d.series[0].points.size(), 2u);
  EXPECT_EQ(d.series[0].points[0].call_oi, 1500.0);
  EXPECT_EQ(d.series[0].points[0].put_oi, 900.0);
  EXPECT_EQ(d.series[0].points[0].value, 2400.0);
  EXPECT_EQ(d.series[0].points[1].call_oi, 0.0);
  EXPECT_EQ(d.oi_zero_points, 1);
}

}  // namespace open_interest_carry_test
