#include "query/strike_distribution.h"

#include <gtest/gtest.h>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"
#include "query/moneyness.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace strike_distribution_test {

const Expiry kNov4 = sys_days{2025y / November / 4};
const Expiry kNov11 = sys_days{2025y / November / 11};
const UtcSeconds kT0 = ist_time_on(kNov4, hours{10});  // a 5-minute bucket start

// NIFTY (strike step 50), strikes 24250..24500.
// Nov 4 at T0: underlying 24374 -> ATM 24350; hand-set sides at 24300/24350/24400.
// Nov 4 at T0+5m: underlying 24375 -> ATM 24400 (487.5 rounds to the even 488).
// Nov 11 at T0: underlying 24426 -> ATM 24450 (its own underlying, not Nov 4's); no OI at all.
InMemoryChain hand_chain() {
  InMemoryChain chain;
  for (std::int64_t k = 24250; k <= 24500; k += 50) {
    StrikeBar a = bar_at("NIFTY", kNov4, k, Timeframe::m5, kT0, 24374.0);
    a.call = with_oi(with_greeks({}, 10.0), 100);
    a.put = with_oi(with_greeks({}, 10.0), 100);
    if (k == 24300) {
      a.call = with_oi(with_greeks({}, 18.123456, 0.55, 0.00123456789), 1400);
      a.put = with_oi(with_greeks({}, 19.0, -0.45, 0.001), 1200);
    } else if (k == 24350) {
      a.call = with_oi(with_greeks({}, 17.5), 1000);
      a.put = SideBar{};  // no put data at all
    } else if (k == 24400) {
      a.call = with_oi(with_greeks({}, 16.0), 0);
      a.put = with_oi(with_greeks({}, 20.0), 800);
    }
    chain.add(a);
    StrikeBar later = bar_at("NIFTY", kNov4, k, Timeframe::m5, kT0 + minutes{5}, 24375.0);
    later.call = with_greeks({}, static_cast<double>(k - 24000) / 100.0);
    chain.add(later);
    StrikeBar b = bar_at("NIFTY", kNov11, k, Timeframe::m5, kT0, 24426.0);
    b.call = with_greeks({}, 12.0);
    chain.add(b);
  }
  return chain;
}

StrikeDistributionRequest request(Indicator indicator, int range = 1) {
  StrikeDistributionRequest r;
  r.symbol = "NIFTY";
  r.timeframe = Timeframe::m5;
  r.indicator = indicator;
  r.expiries = {kNov4, kNov11};
  r.strike_range = range;
  return r;
}

std::vector<double> strikes_of(const DistributionSeries& s) {
  std::vector<double> out;
  for (const auto& p : s.points) out.push_back(p.strike.to_double());
  return out;
}

TEST(StrikeDistribution, AtmAndRangeArePerExpiry) {
  const InMemoryChain chain = hand_chain();
  auto result = strike_distribution(chain, ContractSpecs{}, request(Indicator::iv));
  ASSERT_EQ(result.series.size(), 2u);
  const auto& nov4 = result.series[0];
  EXPECT_EQ(nov4.expiry, kNov4);
  EXPECT_EQ(nov4.bucket_time, kT0 + minutes{5});  // the newest bucket
  EXPECT_EQ(nov4.underlying, 24375.0);
  EXPECT_EQ(nov4.atm_strike, strike_rupees(24400));
  EXPECT_EQ(strikes_of(nov4), (std::vector<double>{24350, 24400, 24450}));
  const auto& nov11 = result.series[1];
  EXPECT_EQ(nov11.bucket_time, kT0);
  EXPECT_EQ(nov11.underlying, 24426.0);
  EXPECT_EQ(nov11.atm_strike, strike_rupees(24450));
  EXPECT_EQ(strikes_of(nov11), (std::vector<double>{24400, 24450, 24500}));
}

TEST(StrikeDistribution, AsOfBucketTimeTakesEachExpirysOwnBucket) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::iv);
  r.bucket_time = kT0 + minutes{4};  // before Nov 4's second bucket
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  ASSERT_EQ(result.series.size(), 2u);
  const auto& nov4 = result.series[0];
  EXPECT_EQ(nov4.bucket_time, kT0);
  EXPECT_EQ(nov4.atm_strike, strike_rupees(24350));  // 24374 / 50 = 487.48
  ASSERT_EQ(strikes_of(nov4), (std::vector<double>{24300, 24350, 24400}));
  // 24300: mean of call 18.123456 and put 19 = 18.561728 -> 18.5617; call 18.1235.
  EXPECT_EQ(nov4.points[0].value, 18.5617);
  EXPECT_EQ(nov4.points[0].call, 18.1235);
  EXPECT_EQ(nov4.points[0].put, 19.0);
  // 24350: the put side is missing, so the value is the call's 17.5 (not (17.5 + 0) / 2).
  EXPECT_EQ(nov4.points[1].value, 17.5);
  EXPECT_EQ(nov4.points[1].put, std::nullopt);
  EXPECT_EQ(nov4.points[2].value, 18.0);  // (16 + 20) / 2
  // Before every bucket: nothing.
  r.bucket_time = kT0 - seconds{1};
  EXPECT_TRUE(strike_distribution(chain, ContractSpecs{}, r).series.empty());
}

TEST(StrikeDistribution, OpenInterestAndItsGaps) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::oi);
  r.expiries = {kNov4};
  r.bucket_time = kT0;
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  ASSERT_EQ(result.series.size(), 1u);
  const auto& points = result.series[0].points;
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].value, 2600.0);  // 1400 + 1200
  EXPECT_EQ(points[1].value, 1000.0);  // put missing: the call alone
  EXPECT_EQ(points[1].call_oi, 1000.0);
  EXPECT_EQ(points[1].put_oi, 0.0);  // always a number
  EXPECT_EQ(points[2].value, 800.0);
  // 24350 (put OI missing) and 24400 (call OI zero).
  EXPECT_EQ(result.oi_zero_points, 2);
  EXPECT_TRUE(result.expiries_without_oi.empty());
}

TEST(StrikeDistribution, ChainWithoutOiIsReported) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::iv);
  r.expiries = {kNov11};
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  EXPECT_EQ(result.oi_zero_points, 3);
  EXPECT_EQ(result.expiries_without_oi, (std::vector<Expiry>{kNov11}));
}

TEST(StrikeDistribution, PutCallRatioPerStrike) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::pcr);
  r.expiries = {kNov4};
  r.bucket_time = kT0;
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  const auto& points = result.series[0].points;
  EXPECT_EQ(points[0].value, 0.8571);  // 1200 / 1400
  EXPECT_EQ(points[0].call, 1400.0);   // the ingredients
  EXPECT_EQ(points[0].put, 1200.0);
  EXPECT_EQ(points[1].value, std::nullopt);  // put OI unknown
  EXPECT_EQ(points[2].value, std::nullopt);  // call OI zero
}

TEST(StrikeDistribution, GammaKeepsSixDecimals) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::gamma);
  r.expiries = {kNov4};
  r.bucket_time = kT0;
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  const auto& p = result.series[0].points[0];
  EXPECT_EQ(p.call, 0.001235);   // 0.00123456789
  EXPECT_EQ(p.value, 0.001117);  // (0.00123456789 + 0.001) / 2 = 0.0011172839
}

TEST(StrikeDistribution, MoneynessLabelsFollowTheSide) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::iv);
  r.expiries = {kNov4};
  r.bucket_time = kT0;
  auto both = strike_distribution(chain, ContractSpecs{}, r);
  // 24300 against 24374: level -1.48 -> -1, an in-the-money call.
  EXPECT_EQ(moneyness_label(*both.series[0].points[0].moneyness_rank), "ITM1");
  r.side = SideSelection::put;
  auto puts = strike_distribution(chain, ContractSpecs{}, r);
  EXPECT_EQ(moneyness_label(*puts.series[0].points[0].moneyness_rank), "OTM1");
  EXPECT_EQ(puts.series[0].points[0].value, 19.0);
  EXPECT_EQ(puts.series[0].points[1].value, std::nullopt);
}

TEST(StrikeDistribution, ContractSpecsSetTheStep) {
  const InMemoryChain chain = hand_chain();
  ContractSpecs specs;
  specs.set_contract("NIFTY", kNov4, ContractSpec{strike_rupees(100), 65});
  auto r = request(Indicator::iv);
  r.expiries = {kNov4};
  r.bucket_time = kT0;
  // Step 100: 24374 / 100 = 243.74 -> 24400; range 1 -> 24300..24500.
  auto result = strike_distribution(chain, specs, r);
  EXPECT_EQ(result.series[0].atm_strike, strike_rupees(24400));
  EXPECT_EQ(strikes_of(result.series[0]), (std::vector<double>{24300, 24350, 24400, 24450, 24500}));
}

TEST(StrikeDistribution, NoDataNoSeries) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::iv);
  r.symbol = "BANKNIFTY";
  EXPECT_TRUE(strike_distribution(chain, ContractSpecs{}, r).series.empty());
  r = request(Indicator::iv);
  r.expiries = {sys_days{2025y / November / 18}};
  EXPECT_TRUE(strike_distribution(chain, ContractSpecs{}, r).series.empty());
}

TEST(StrikeDistribution, WithoutUnderlyingEveryStrikeIsServed) {
  InMemoryChain chain;
  for (std::int64_t k : {24000, 24350, 24700}) {
    StrikeBar bar = bar_at("NIFTY", kNov4, k, Timeframe::m5, kT0, std::nullopt);
    bar.call = with_greeks({}, 15.0);
    chain.add(bar);
  }
  auto result = strike_distribution(chain, ContractSpecs{}, request(Indicator::iv));
  ASSERT_EQ(result.series.size(), 1u);
  EXPECT_EQ(result.series[0].atm_strike, std::nullopt);
  EXPECT_EQ(result.series[0].points.size(), 3u);
  EXPECT_EQ(result.series[0].points[0].moneyness_rank, std::nullopt);
}

}  // namespace strike_distribution_test
