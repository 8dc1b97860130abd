#include "core/strike.h"

#include <gtest/gtest.h>

#include <limits>

using namespace strikeline;

TEST(Strike, FixedPointHundredths) {
  EXPECT_EQ(Strike::from_double(24350.0)->hundredths(), 2435000);
  EXPECT_EQ(Strike::from_double(47.5)->hundredths(), 4750);
  EXPECT_EQ(Strike::from_double(0.1 + 0.2)->hundredths(),
            30);  // no float keys: 0.30000000000000004 -> 30
  EXPECT_EQ(*Strike::from_double(0.1 + 0.2), *Strike::from_double(0.3));
  EXPECT_DOUBLE_EQ(strike_rupees(24350).to_double(), 24350.0);
  EXPECT_LT(strike_rupees(100), strike_rupees(150));
}

TEST(Strike, RejectsNonFinite) {
  EXPECT_FALSE(Strike::from_double(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(Strike::from_double(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(Strike::from_double(1e300));
}

TEST(Strike, ShortestText) {
  EXPECT_EQ(strike_rupees(24350).to_string(), "24350");
  EXPECT_EQ(Strike::from_hundredths(4750).to_string(), "47.5");
  EXPECT_EQ(Strike::from_hundredths(4705).to_string(), "47.05");
}
