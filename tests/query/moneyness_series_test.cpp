#include "query/moneyness_series.h"

#include <gtest/gtest.h>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"
#include "query/moneyness.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace moneyness_series_test {

const Expiry kNov4 = sys_days{2025y / November / 4};
const Expiry kNov11 = sys_days{2025y / November / 11};
const UtcSeconds kT0 = ist_time_on(kNov4, hours{10});
const UtcSeconds kT5 = kT0 + minutes{5};
const UtcSeconds kT10 = kT0 + minutes{10};

// Strikes 24300/24350/24400/24450, the same sides in every bucket:
//   call IV 20/18/16/15, put IV 22/-/17/16  -> both: 21/18/16.5/15.5
//   call OI 100/200/300/400, put OI 50/-/600/800
// Underlying 24350 at T0 (ATM 24350), 24400 at T5 (ATM 24400), 24375 at T10 (halfway: ATM is the
// lower, 24350). Nov 11 has one bar at T0: strike 24350, call IV 30, underlying 24350. Each bucket
// holds one 1-minute bar per strike.
InMemoryChain hand_chain() {
  InMemoryChain chain;
  const std::int64_t strikes[] = {24300, 24350, 24400, 24450};
  const double call_iv[] = {20, 18, 16, 15};
  const double put_iv[] = {22, -1, 17, 16};
  const std::int64_t call_oi[] = {100, 200, 300, 400};
  const std::int64_t put_oi[] = {50, -1, 600, 800};
  const std::pair<UtcSeconds, double> buckets[] = {{kT0, 24350}, {kT5, 24400}, {kT10, 24375}};
  for (const auto& [time, underlying] : buckets) {
    for (int i = 0; i < 4; ++i) {
      StrikeBar bar = bar_at("NIFTY", kNov4, strikes[i], Timeframe::m5, time, underlying);
      bar.call = with_oi(with_greeks({}, call_iv[i]), call_oi[i]);
      if (put_iv[i] > 0) bar.put = with_oi(with_greeks({}, put_iv[i]), put_oi[i]);
      chain.add(bar);
    }
  }
  StrikeBar other = bar_at("NIFTY", kNov11, 24350, Timeframe::m5, kT0, 24350.0);
  other.call = with_greeks({}, 30.0);
  chain.add(other);
  return chain;
}

MoneynessSeriesRequest request(Indicator indicator, SideSelection side = SideSelection::both) {
  MoneynessSeriesRequest r;
  r.symbol = "NIFTY";
  r.indicator = indicator;
  r.side = side;
  r.expiries = {kNov4};
  r.window = TimeWindow{kT0, kT10};
  return r;
}

using Points = std::vector<std::pair<UtcSeconds, double>>;

Points points_of(const MoneynessLine& line) {
  Points out;
  for (const auto& p : line.points) out.emplace_back(p.time, p.value);
  return out;
}

std::vector<std::string_view> labels_of(const MoneynessSeries& s) {
  std::vector<std::string_view> out;
  for (const auto& line : s.lines) out.push_back(moneyness_label(line.rank));
  return out;
}

TEST(MoneynessSeries, MeanPerLabelAgainstEachBucketsAtm) {
  const InMemoryChain chain = hand_chain();
  auto result = moneyness_series(chain, ContractSpecs{}, request(Indicator::iv));
  ASSERT_EQ(labels_of(result),
            (std::vector<std::string_view>{"ITM2", "ITM1", "ATM", "OTM1", "OTM2"}));
  // Levels are positions in the listed strikes from each bucket's ATM.
  EXPECT_EQ(points_of(result.lines[0]), (Points{{kT5, 21}}));
  EXPECT_EQ(points_of(result.lines[1]), (Points{{kT0, 21}, {kT5, 18}, {kT10, 21}}));
  EXPECT_EQ(points_of(result.lines[2]), (Points{{kT0, 18}, {kT5, 16.5}, {kT10, 18}}));
  EXPECT_EQ(points_of(result.lines[3]), (Points{{kT0, 16.5}, {kT5, 15.5}, {kT10, 16.5}}));
  EXPECT_EQ(points_of(result.lines[4]), (Points{{kT0, 15.5}, {kT10, 15.5}}));
  EXPECT_EQ(result.oi_zero_points, 0);  // only counted for OI indicators
  // Each line's stalest state: T0's minute end (the strikes observed at kT0 + 1 min).
  EXPECT_EQ(result.lines[1].oldest_observation, kT0 + minutes{1});
  EXPECT_EQ(result.lines[0].oldest_observation, kT5 + minutes{1});
}

TEST(MoneynessSeries, PutLabelsAreReversed) {
  const InMemoryChain chain = hand_chain();
  auto result =
      moneyness_series(chain, ContractSpecs{}, request(Indicator::iv, SideSelection::put));
  ASSERT_EQ(labels_of(result),
            (std::vector<std::string_view>{"ITM2", "ITM1", "ATM", "OTM1", "OTM2"}));
  // Strikes above spot are in-the-money puts: 24450 (put IV 16) is ITM2 at T0 and T10.
  EXPECT_EQ(points_of(result.lines[0]), (Points{{kT0, 16}, {kT10, 16}}));
  EXPECT_EQ(points_of(result.lines[1]), (Points{{kT0, 17}, {kT5, 16}, {kT10, 17}}));
  // 24350 has no put: ATM has a put only at T5 (24400).
  EXPECT_EQ(points_of(result.lines[2]), (Points{{kT5, 17}}));
  EXPECT_EQ(points_of(result.lines[3]), (Points{{kT0, 22}, {kT10, 22}}));
  EXPECT_EQ(points_of(result.lines[4]), (Points{{kT5, 22}}));
}

TEST(MoneynessSeries, OpenInterestIsSummed) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::oi);
  r.window = TimeWindow{kT10, kT10};
  auto result = moneyness_series(chain, ContractSpecs{}, r);
  ASSERT_EQ(labels_of(result), (std::vector<std::string_view>{"ITM1", "ATM", "OTM1", "OTM2"}));
  EXPECT_EQ(points_of(result.lines[0]), (Points{{kT10, 150}}));   // 100 + 50
  EXPECT_EQ(points_of(result.lines[1]), (Points{{kT10, 200}}));   // the call alone
  EXPECT_EQ(points_of(result.lines[2]), (Points{{kT10, 900}}));   // 300 + 600
  EXPECT_EQ(points_of(result.lines[3]), (Points{{kT10, 1200}}));  // 400 + 800
  EXPECT_EQ(result.oi_zero_points, 1);                            // 24350's put OI is missing
}

TEST(MoneynessSeries, PcrIsTheRatioOfSummedSides) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::pcr);
  r.window = TimeWindow{kT10, kT10};
  auto result = moneyness_series(chain, ContractSpecs{}, r);
  // ATM (24350) has no put OI: no ratio there.
  ASSERT_EQ(labels_of(result), (std::vector<std::string_view>{"ITM1", "OTM1", "OTM2"}));
  EXPECT_EQ(points_of(result.lines[0]), (Points{{kT10, 0.5}}));  // 50 / 100
  EXPECT_EQ(points_of(result.lines[1]), (Points{{kT10, 2.0}}));  // 600 / 300
  EXPECT_EQ(points_of(result.lines[2]), (Points{{kT10, 2.0}}));  // 800 / 400
}

TEST(MoneynessSeries, QuietStrikesKeepTheirStateInLaterBuckets) {
  InMemoryChain chain = hand_chain();
  // At T15 only 24300's call trades (OI 130); the other strikes keep T10's state.
  const UtcSeconds t15 = kT0 + minutes{15};
  StrikeBar bar = bar_at("NIFTY", kNov4, 24300, Timeframe::m1, t15, 24350.0);
  bar.call = with_oi(with_greeks({}, 25.0), 130);
  chain.add(bar);
  auto r = request(Indicator::oi);
  r.window = TimeWindow{t15, t15};
  auto result = moneyness_series(chain, ContractSpecs{}, r);
  ASSERT_EQ(labels_of(result), (std::vector<std::string_view>{"ITM1", "ATM", "OTM1", "OTM2"}));
  EXPECT_EQ(points_of(result.lines[0]), (Points{{t15, 180}}));  // 130 + the put's carried 50
  EXPECT_EQ(points_of(result.lines[1]), (Points{{t15, 200}}));
  EXPECT_EQ(points_of(result.lines[2]), (Points{{t15, 900}}));
  EXPECT_EQ(points_of(result.lines[3]), (Points{{t15, 1200}}));
  EXPECT_EQ(result.lines[3].oldest_observation, kT10 + minutes{1});
}

TEST(MoneynessSeries, OrderedByExpiryThenLabel) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::iv);
  r.expiries = {kNov4, kNov11};
  r.window = TimeWindow{kT0, kT0};
  auto result = moneyness_series(chain, ContractSpecs{}, r);
  ASSERT_EQ(result.lines.size(), 5u);
  EXPECT_EQ(result.lines[3].expiry, kNov4);
  EXPECT_EQ(moneyness_label(result.lines[3].rank), "OTM2");
  EXPECT_EQ(result.lines[4].expiry, kNov11);
  EXPECT_EQ(moneyness_label(result.lines[4].rank), "ATM");
  EXPECT_EQ(points_of(result.lines[4]), (Points{{kT0, 30}}));
}

TEST(MoneynessSeries, EmptyWindowOrNoDataGivesNoLines) {
  const InMemoryChain chain = hand_chain();
  auto r = request(Indicator::iv);
  r.window = TimeWindow{kT10 + minutes{1}, kT10 + hours{1}};
  EXPECT_TRUE(moneyness_series(chain, ContractSpecs{}, r).lines.empty());
  r.window.reset();
  EXPECT_TRUE(moneyness_series(chain, ContractSpecs{}, r).lines.empty());
  // The Nov 11 chain has no OI: with an OI indicator it is reported.
  r = request(Indicator::oi);
  r.expiries = {kNov11};
  auto no_oi = moneyness_series(chain, ContractSpecs{}, r);
  EXPECT_TRUE(no_oi.lines.empty());
  EXPECT_EQ(no_oi.expiries_without_oi, (std::vector<Expiry>{kNov11}));
}

}  // namespace moneyness_series_test
