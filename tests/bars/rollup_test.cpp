#include "bars/rollup.h"

#include <gtest/gtest.h>

using namespace strikeline;

TEST(Rollup, FoldsSidesByTheBarRules) {
  SideBar acc;
  acc.analytics_count = 1;
  acc.count = 1;
  acc.iv = 10;
  acc.delta = 0.4;
  acc.volume = 100;
  acc.oi = 1000;
  acc.oi_change = 10;
  acc.has_premium = true;
  acc.open = 50;
  acc.high = 55;
  acc.low = 48;
  acc.close = 52;
  SideBar later;
  later.analytics_count = 2;
  later.count = 3;
  later.iv = 16;
  later.delta = 0.7;
  later.volume = 40;
  later.oi = 900;  // OI is a stock: the last value, never a sum
  later.has_premium = true;
  later.open = 53;
  later.high = 60;
  later.low = 47;
  later.close = 58;
  fold_side(acc, later);
  EXPECT_EQ(acc.analytics_count, 3u);
  EXPECT_DOUBLE_EQ(acc.iv, (10 * 1 + 16 * 2) / 3.0);   // 14
  EXPECT_DOUBLE_EQ(acc.delta, (0.4 + 0.7 * 2) / 3.0);  // 0.6
  EXPECT_EQ(acc.count, 4u);
  EXPECT_EQ(acc.volume, 140);
  EXPECT_EQ(acc.oi, 900);
  EXPECT_EQ(acc.oi_change, 10);  // later had none: the last present value stays
  EXPECT_EQ(acc.open, 50);
  EXPECT_EQ(acc.high, 60);
  EXPECT_EQ(acc.low, 47);
  EXPECT_EQ(acc.close, 58);
  SideBar no_analytics;
  no_analytics.count = 2;
  fold_side(acc, no_analytics);
  EXPECT_DOUBLE_EQ(acc.iv, 14.0);  // missing Greeks are not zeros
  EXPECT_EQ(acc.count, 6u);
}
