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

// NIFTY, strikes 24250..24500 (1-minute bars without observation times: each counts as observed at
// its minute's end).
// Nov 4, minute T0: underlying 24374; every side OI 100 and IV 10 except 24300 (call OI 1400 IV
//   18.123456, put OI 1200 IV 19), 24350 (call OI 1000 IV 17.5, no put at all), 24400 (call OI 0
//   IV 16, put OI 800 IV 20).
// Nov 4, minute T0+5m: underlying 24375; only calls trade, IV (K - 24000) / 100, no OI: the OI of
//   T0 carries.
// Nov 11, minute T0: underlying 24426; calls IV 12, no OI at all.
InMemoryChain hand_chain() {
  InMemoryChain chain;
  for (std::int64_t k = 24250; k <= 24500; k += 50) {
    StrikeBar a = bar_at("NIFTY", kNov4, k, Timeframe::m1, kT0, 24374.0);
    a.call = with_oi(with_greeks({}, 10.0), 100);
    a.put = with_oi(with_greeks({}, 10.0), 100);
    if (k == 24300) {
      a.call = with_oi(with_greeks({}, 18.123456, 0.55, 0.00123456789), 1400);
      a.put = with_oi(with_greeks({}, 19.0, -0.45, 0.001), 1200);
    } else if (k == 24350) {
      a.call = with_oi(with_greeks({}, 17.5), 1000);
      a.put = SideBar{};
    } else if (k == 24400) {
      a.call = with_oi(with_greeks({}, 16.0), 0);
      a.put = with_oi(with_greeks({}, 20.0), 800);
    }
    a.call.volume = 10;
    chain.add(a);
    StrikeBar later = bar_at("NIFTY", kNov4, k, Timeframe::m1, kT0 + minutes{5}, 24375.0);
    later.call = with_volume(with_greeks({}, static_cast<double>(k - 24000) / 100.0), 7);
    chain.add(later);
    StrikeBar b = bar_at("NIFTY", kNov11, k, Timeframe::m1, kT0, 24426.0);
    b.call = with_greeks({}, 12.0);
    chain.add(b);
  }
  return chain;
}

StrikeDistributionRequest request(Indicator indicator, UtcSeconds as_of, int range = 1) {
  StrikeDistributionRequest r;
  r.symbol = "NIFTY";
  r.timeframe = Timeframe::m5;
  r.indicator = indicator;
  r.expiries = {kNov4, kNov11};
  r.strike_range = range;
  r.as_of = as_of;
  return r;
}

std::vector<double> strikes_of(const DistributionSeries& s) {
  std::vector<double> out;
  for (const auto& p : s.points) out.push_back(p.strike.to_double());
  return out;
}

TEST(StrikeDistribution, AtmAndRangeArePerExpiryOverTheListedStrikes) {
  const InMemoryChain chain = hand_chain();
  auto result =
      strike_distribution(chain, ContractSpecs{}, request(Indicator::iv, kT0 + minutes{30}));
  ASSERT_EQ(result.series.size(), 2u);
  const auto& nov4 = result.series[0];
  EXPECT_EQ(nov4.expiry, kNov4);
  EXPECT_EQ(nov4.bucket_time, kT0 + minutes{5});  // the bucket of the newest data
  EXPECT_EQ(nov4.as_of, kT0 + minutes{30});
  EXPECT_EQ(nov4.underlying, 24375.0);
  // 24375 lies halfway between 24350 and 24400: the tie goes to the lower strike.
  EXPECT_EQ(nov4.atm_strike, strike_rupees(24350));
  EXPECT_EQ(strikes_of(nov4), (std::vector<double>{24300, 24350, 24400}));
  // The calls' IV is their newest (T0+5m); the puts' their last valid one (T0).
  EXPECT_EQ(nov4.points[0].call, 3.0);
  EXPECT_EQ(nov4.points[0].put, 19.0);
  EXPECT_EQ(nov4.points[0].value, 11.0);
  // The oldest state shown: the puts observed at T0's minute end.
  EXPECT_EQ(nov4.oldest_observation, kT0 + minutes{1});
  const auto& nov11 = result.series[1];
  EXPECT_EQ(nov11.bucket_time, kT0);
  EXPECT_EQ(nov11.underlying, 24426.0);
  EXPECT_EQ(nov11.atm_strike, strike_rupees(24450));
  EXPECT_EQ(strikes_of(nov11), (std::vector<double>{24400, 24450, 24500}));
}

TEST(StrikeDistribution, AsOfAMomentReadsNothingObservedAfterIt) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::iv, kT0 + minutes{4});  // before Nov 4's second minute
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  ASSERT_EQ(result.series.size(), 2u);
  const auto& nov4 = result.series[0];
  EXPECT_EQ(nov4.bucket_time, kT0);
  EXPECT_EQ(nov4.atm_strike, strike_rupees(24350));  // 24374: 24 from 24350, 26 from 24400
  ASSERT_EQ(strikes_of(nov4), (std::vector<double>{24300, 24350, 24400}));
  // 24300: mean of call 18.123456 (a float in the store) and put 19 -> 18.5617; call 18.1235.
  EXPECT_EQ(nov4.points[0].value, 18.5617);
  EXPECT_EQ(nov4.points[0].call, 18.1235);
  EXPECT_EQ(nov4.points[0].put, 19.0);
  // 24350: the put side is missing, so the value is the call's 17.5 (not (17.5 + 0) / 2).
  EXPECT_EQ(nov4.points[1].value, 17.5);
  EXPECT_EQ(nov4.points[1].put, std::nullopt);
  EXPECT_EQ(nov4.points[2].value, 18.0);  // (16 + 20) / 2
  // T0's minute is observed at its end: at T0 + 59 s nothing is listed yet.
  r.as_of = kT0 + seconds{59};
  EXPECT_TRUE(strike_distribution(chain, ContractSpecs{}, r).series.empty());
  r.as_of = kT0 + seconds{60};
  EXPECT_EQ(strike_distribution(chain, ContractSpecs{}, r).series.size(), 2u);
}

TEST(StrikeDistribution, OpenInterestIsCarriedAndItsGapsCounted) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::oi, kT0 + minutes{7});
  r.expiries = {kNov4};
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  ASSERT_EQ(result.series.size(), 1u);
  const auto& points = result.series[0].points;
  ASSERT_EQ(points.size(), 3u);
  // T0+5m's bars carry no OI: T0's is the state.
  EXPECT_EQ(points[0].value, 2600.0);  // 1400 + 1200
  EXPECT_EQ(points[1].value, 1000.0);  // put missing: the call alone
  EXPECT_EQ(points[1].call_oi, 1000.0);
  EXPECT_EQ(points[1].put_oi, 0.0);  // always a number
  EXPECT_EQ(points[2].value, 800.0);
  // 24350 (put OI missing) and 24400 (call OI zero).
  EXPECT_EQ(result.oi_zero_points, 2);
  EXPECT_TRUE(result.expiries_without_oi.empty());

  r.expiries = {kNov11};
  result = strike_distribution(chain, ContractSpecs{}, r);
  EXPECT_EQ(result.expiries_without_oi, (std::vector<Expiry>{kNov11}));
}

TEST(StrikeDistribution, VolumeIsTheBucketsFlowAndPcrTheStates) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::volume, kT0 + minutes{7});
  r.expiries = {kNov4};
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  ASSERT_EQ(result.series.size(), 1u);
  // The bucket T0+5m: 7 per call, no put traded in it (0, not T0's volume).
  for (const auto& p : result.series[0].points) {
    EXPECT_EQ(p.call, 7.0);
    EXPECT_EQ(p.put, 0.0);
  }
  r.indicator = Indicator::pcr;
  result = strike_distribution(chain, ContractSpecs{}, r);
  const auto& points = result.series[0].points;
  EXPECT_EQ(points[0].value, round_to(1200.0 / 1400.0, 4));
  EXPECT_EQ(points[1].value, std::nullopt);  // no put OI
  EXPECT_EQ(points[2].value, std::nullopt);  // call OI 0
}

TEST(StrikeDistribution, MoneynessCountsListedPositionsWhateverTheSpacing) {
  // A long-dated expiry: strikes 500 apart near the money, 1000 in the wings.
  InMemoryChain chain;
  const Expiry far = sys_days{2026y / December / 29};
  for (std::int64_t k : {21000, 22000, 23000, 23500, 24000, 24500, 25000, 26000, 27000}) {
    StrikeBar bar = bar_at("NIFTY", far, k, Timeframe::m1, kT0, 24180.0);
    bar.call = with_oi({}, 50);
    bar.put = with_oi({}, 70);
    chain.add(bar);
  }
  StrikeDistributionRequest r = request(Indicator::oi, kT0 + minutes{2}, 2);
  r.expiries = {far};
  auto result = strike_distribution(chain, ContractSpecs{}, r);
  ASSERT_EQ(result.series.size(), 1u);
  const auto& s = result.series[0];
  EXPECT_EQ(s.atm_strike, strike_rupees(24000));
  EXPECT_EQ(strikes_of(s), (std::vector<double>{23000, 23500, 24000, 24500, 25000}));
  const auto label = [&](std::size_t i) { return moneyness_label(*s.points[i].moneyness_rank); };
  EXPECT_EQ(label(0), "ITM2");
  EXPECT_EQ(label(1), "ITM1");
  EXPECT_EQ(label(2), "ATM");
  EXPECT_EQ(label(3), "OTM1");
  EXPECT_EQ(label(4), "OTM2");
}

}  // namespace strike_distribution_test
