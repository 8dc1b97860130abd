#include "query/expiry_metrics.h"

#include <gtest/gtest.h>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace expiry_metrics_test {
const Expiry kNov4 = sys_days{2025y / November / 4};
const UtcSeconds kT0 = ist_time_on(kNov4, hours{10});

// Strikes 24300/24350/24400, underlying 24360 -> ATM 24350.
//   call OI 1000/2000/500, put OI 3000/1000/200 -> totals 3500 / 4200, PCR 1.2
//   call volume 10/20/30, put volume 5/5/5 -> totals 60 / 15, PCR by volume 0.25
// Max pain: P=24300: puts 1000*50 + 200*100 = 70000; P=24350: calls 1000*50 + puts 200*50 = 60000;
// P=24400: calls 1000*100 + 2000*50 = 200000 -> 24350.
InMemoryChain hand_chain() {
  InMemoryChain chain;
  const std::int64_t strikes[] = {24300, 24350, 24400};
  const std::int64_t call_oi[] = {1000, 2000, 500}, put_oi[] = {3000, 1000, 200};
  const std::int64_t call_volume[] = {10, 20, 30};
  for (int i = 0; i < 3; ++i) {
    StrikeBar bar = bar_at("NIFTY", kNov4, strikes[i], Timeframe::m5, kT0, 24360.0);
    bar.call = with_volume(with_oi({}, call_oi[i]), call_volume[i]);
    bar.put = with_volume(with_oi({}, put_oi[i]), 5);
    if (strikes[i] == 24350) {
      bar.call = with_premium(with_greeks(bar.call, 15.0), 100, 120, 90, 110.25);
      bar.put = with_premium(bar.put, 80, 85, 70, 72.5);  // no put IV
    }
    chain.add(bar);
  }
  return chain;
}

TEST(ExpiryMetrics, TotalsRatiosMaxPainAndAtm) {
  const InMemoryChain chain = hand_chain();
  ExpiryMetricsRequest r{"NIFTY", kNov4, Timeframe::m5, TimeWindow{kT0 - hours{1}, kT0},
                         std::nullopt};
  const ExpiryMetrics m = expiry_metrics(chain, ContractSpecs{}, r);
  EXPECT_EQ(m.expiry, kNov4);
  ASSERT_EQ(m.points.size(), 1u);
  const ExpiryMetricsPoint& p = m.points[0];
  EXPECT_EQ(p.time, kT0);
  EXPECT_EQ(p.underlying, 24360.0);
  EXPECT_EQ(p.total_call_oi, 3500);
  EXPECT_EQ(p.total_put_oi, 4200);
  EXPECT_EQ(p.total_call_volume, 60);
  EXPECT_EQ(p.total_put_volume, 15);
  EXPECT_EQ(p.pcr, 1.2);
  EXPECT_EQ(p.pcr_volume, 0.25);
  EXPECT_EQ(p.max_pain, strike_rupees(24350));
  EXPECT_EQ(p.atm_strike, strike_rupees(24350));
  EXPECT_EQ(p.atm_iv, 15.0);          // the put has no IV: the mean of what exists
  EXPECT_EQ(p.atm_straddle, 182.75);  // 110.25 + 72.5: the sides' last traded prices
}

TEST(ExpiryMetrics, TotalsCountEveryListedStrikeInEveryBucket) {
  InMemoryChain chain = hand_chain();
  // Ten minutes later only 24400's call trades (OI 700, volume 4): the totals still count every
  // strike's OI (3500 - 500 + 700), the volumes only that bucket's trades.
  StrikeBar bar = bar_at("NIFTY", kNov4, 24400, Timeframe::m5, kT0 + minutes{10}, 24410.0);
  bar.call = with_volume(with_oi({}, 700), 4);
  chain.add(bar);
  ExpiryMetricsRequest r{"NIFTY", kNov4, Timeframe::m5, TimeWindow{kT0, kT0 + minutes{10}},
                         std::nullopt};
  const ExpiryMetrics m = expiry_metrics(chain, ContractSpecs{}, r);
  ASSERT_EQ(m.points.size(), 2u);
  const ExpiryMetricsPoint& p = m.points[1];
  EXPECT_EQ(p.time, kT0 + minutes{10});
  EXPECT_EQ(p.total_call_oi, 3700);
  EXPECT_EQ(p.total_put_oi, 4200);
  EXPECT_EQ(p.total_call_volume, 4);
  EXPECT_EQ(p.total_put_volume, 0);
  EXPECT_EQ(p.pcr, round_to(4200.0 / 3700.0, 4));
  EXPECT_EQ(p.pcr_volume, 0.0);
  EXPECT_EQ(p.atm_strike, strike_rupees(24400));  // 24410
  EXPECT_EQ(p.atm_straddle, std::nullopt);        // 24400 never traded a premium
}

TEST(ExpiryMetrics, NoExpiryNoPoints) {
  const InMemoryChain chain = hand_chain();
  ExpiryMetricsRequest r{"NIFTY", std::nullopt, Timeframe::m5, TimeWindow{kT0, kT0}, std::nullopt};
  const ExpiryMetrics m = expiry_metrics(chain, ContractSpecs{}, r);
  EXPECT_FALSE(m.expiry);
  EXPECT_TRUE(m.points.empty());
}

TEST(ExpiryMetrics, RatiosNeedCallTotals) {
  StrikeBar bar = bar_at("NIFTY", kNov4, 24350, Timeframe::m5, kT0, std::nullopt);
  bar.put = with_volume(with_oi({}, 100), 7);
  const std::vector<StrikeBar> bars = {bar};
  ChainState state;
  StrikeState s;
  s.strike = strike_rupees(24350);
  s.put.oi = 100;
  state.strikes.push_back(s);
  const ExpiryMetricsPoint p = chain_metrics(kT0, state, bars);
  EXPECT_EQ(p.pcr, std::nullopt);
  EXPECT_EQ(p.pcr_volume, std::nullopt);
  EXPECT_EQ(p.atm_strike, std::nullopt);  // no underlying
  EXPECT_EQ(p.max_pain, strike_rupees(24350));
  EXPECT_EQ(p.atm_straddle, std::nullopt);
}

}  // namespace expiry_metrics_test
