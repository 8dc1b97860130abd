#include "query/indicator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fixtures/bar_builder.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace {
StrikeBar bar_with(SideBar call, SideBar put) {
  StrikeBar bar = bar_at("NIFTY", sys_days{2025y / November / 4}, 24350, Timeframe::m5,
                         strikeline::utc_seconds(0), 24350.0);
  bar.call = call;
  bar.put = put;
  return bar;
}

// A side's state as if `side` were its only observation.
SideState state_of(const SideBar& side) {
  SideState s;
  s.oi = side.oi;
  s.oi_change = side.oi_change;
  if (side.has_premium) s.last_price = side.close;
  s.has_analytics = side.has_analytics();
  s.iv = side.iv;
  s.delta = side.delta;
  s.gamma = side.gamma;
  s.theta = side.theta;
  s.vega = side.vega;
  return s;
}

// The strike's value with the bar as its bucket's flow and its only observation as its state.
std::optional<double> combined_value(const StrikeBar& bar, Indicator indicator,
                                     SideSelection selection) {
  StrikeState state;
  state.strike = bar.key.strike;
  state.call = state_of(bar.call);
  state.put = state_of(bar.put);
  return strikeline::combined_value(state, &bar, indicator, selection);
}
}  // namespace

TEST(Indicator, ParsesExactNamesCaseInsensitively) {
  EXPECT_EQ(parse_indicator("iv"), Indicator::iv);
  EXPECT_EQ(parse_indicator(" OI_change "), Indicator::oi_change);
  EXPECT_EQ(parse_indicator("pcr_volume"), Indicator::pcr_volume);
  EXPECT_FALSE(parse_indicator("ivx"));
  EXPECT_FALSE(parse_indicator(""));
  for (Indicator i : kAllIndicators) EXPECT_EQ(parse_indicator(indicator_name(i)), i);
}

TEST(Indicator, MissingSideIsNotZeroForMeans) {
  // Call IV 20, put side without analytics: the mean of the sides that have a value is 20, not 10.
  const StrikeBar bar = bar_with(with_greeks({}, 20.0, 0.5), with_oi({}, 700));
  EXPECT_EQ(combined_value(bar, Indicator::iv, SideSelection::both), 20.0);
  EXPECT_EQ(combined_value(bar, Indicator::delta, SideSelection::both), 0.5);
  EXPECT_EQ(combined_value(bar, Indicator::iv, SideSelection::put), std::nullopt);
  EXPECT_EQ(combined_value(bar, Indicator::iv, SideSelection::call), 20.0);
}

TEST(Indicator, BothSidesAverageOrAdd) {
  const StrikeBar bar = bar_with(with_volume(with_oi(with_greeks({}, 20.0), 1000, 100), 40),
                                 with_volume(with_oi(with_greeks({}, 24.0), 1500, -50), 60));
  EXPECT_EQ(combined_value(bar, Indicator::iv, SideSelection::both), 22.0);  // (20 + 24) / 2
  EXPECT_EQ(combined_value(bar, Indicator::oi, SideSelection::both), 2500.0);
  EXPECT_EQ(combined_value(bar, Indicator::oi_change, SideSelection::both), 50.0);  // 100 - 50
  EXPECT_EQ(combined_value(bar, Indicator::volume, SideSelection::both), 100.0);
  EXPECT_EQ(combined_value(bar, Indicator::oi, SideSelection::put), 1500.0);
  // Ratios are put over call whatever the side selection.
  EXPECT_EQ(combined_value(bar, Indicator::pcr, SideSelection::call), 1.5);
  EXPECT_EQ(combined_value(bar, Indicator::pcr_volume, SideSelection::both), 1.5);
}

TEST(Indicator, SumWithOneSideMissingIsThatSide) {
  const StrikeBar bar = bar_with(with_oi({}, 1000), SideBar{});
  EXPECT_EQ(combined_value(bar, Indicator::oi, SideSelection::both), 1000.0);
  EXPECT_EQ(combined_value(bar, Indicator::pcr, SideSelection::both), std::nullopt);
  // Volume is the bucket's flow: a side that did not trade traded 0.
  EXPECT_EQ(combined_value(bar, Indicator::volume, SideSelection::put), 0.0);
  EXPECT_EQ(combined_value(bar, Indicator::premium, SideSelection::both), std::nullopt);
}

TEST(Indicator, RatioNeedsPositiveCallSide) {
  const StrikeBar bar = bar_with(with_oi({}, 0), with_oi({}, 10));
  EXPECT_EQ(combined_value(bar, Indicator::pcr, SideSelection::both), std::nullopt);
}

TEST(Indicator, FlowsAreNotState) {
  EXPECT_TRUE(is_flow(Indicator::volume));
  EXPECT_TRUE(is_flow(Indicator::pcr_volume));
  EXPECT_FALSE(is_flow(Indicator::oi));
  EXPECT_FALSE(is_flow(Indicator::premium));
  // Without the bucket's bar (the strike did not trade in it) the volume is 0, the state stays.
  StrikeState s;
  s.call.oi = 700;
  EXPECT_EQ(strikeline::combined_value(s, nullptr, Indicator::volume, SideSelection::both), 0.0);
  EXPECT_EQ(strikeline::combined_value(s, nullptr, Indicator::oi, SideSelection::both), 700.0);
}

TEST(Indicator, PremiumIsTheLastTradedPrice) {
  const StrikeBar bar =
      bar_with(with_premium({}, 100, 110, 95, 104), with_premium({}, 50, 52, 40, 41));
  EXPECT_EQ(combined_value(bar, Indicator::premium, SideSelection::both), 72.5);  // (104 + 41) / 2
}

TEST(Indicator, Rounding) {
  EXPECT_EQ(indicator_decimals(Indicator::gamma), 6);
  EXPECT_EQ(indicator_decimals(Indicator::iv), 4);
  EXPECT_DOUBLE_EQ(round_to(18.123456, 4), 18.1235);
  EXPECT_DOUBLE_EQ(round_to(0.00123456789, 6), 0.001235);
  EXPECT_DOUBLE_EQ(round_to(-2.00005, 4), -2.0001);
  EXPECT_DOUBLE_EQ(round_to(1e300, 4), 1e300);
  EXPECT_TRUE(std::isnan(round_to(std::nan(""), 4)));
}
