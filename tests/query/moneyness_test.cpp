#include "query/moneyness.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace strikeline;

namespace {
const Strike kStep = strike_rupees(50);
int level(std::int64_t strike, double underlying) {
  return *moneyness_level(strike_rupees(strike), underlying, kStep);
}
}  // namespace

TEST(Moneyness, LevelRoundsHalfToEven) {
  // Underlying 24374: (24300-24374)/50 = -1.48 -> -1; -0.48 -> 0; 0.52 -> 1; 1.52 -> 2.
  EXPECT_EQ(level(24300, 24374), -1);
  EXPECT_EQ(level(24350, 24374), 0);
  EXPECT_EQ(level(24400, 24374), 1);
  EXPECT_EQ(level(24450, 24374), 2);
  // Underlying 24375: -1.5 -> -2, -0.5 -> 0, 0.5 -> 0, 1.5 -> 2, 2.5 -> 2.
  EXPECT_EQ(level(24300, 24375), -2);
  EXPECT_EQ(level(24350, 24375), 0);
  EXPECT_EQ(level(24400, 24375), 0);
  EXPECT_EQ(level(24450, 24375), 2);
  EXPECT_EQ(level(24500, 24375), 2);
}

TEST(Moneyness, LevelIsCappedAtTen) {
  EXPECT_EQ(level(30000, 24350), 10);
  EXPECT_EQ(level(100, 24350), -10);
  EXPECT_EQ(level(24350 + 10 * 50, 24350), 10);
  EXPECT_EQ(level(24350 + 9 * 50, 24350), 9);
}

TEST(Moneyness, UnusableInputs) {
  EXPECT_FALSE(moneyness_level(strike_rupees(24350), 0.0, kStep));
  EXPECT_FALSE(moneyness_level(strike_rupees(24350), std::nan(""), kStep));
  EXPECT_FALSE(moneyness_level(strike_rupees(24350), 24350.0, Strike{}));
}

TEST(Moneyness, PutsReadTheLevelReversed) {
  // A strike two steps above spot: OTM2 call, ITM2 put.
  EXPECT_EQ(moneyness_label(moneyness_rank(2, SideSelection::call)), "OTM2");
  EXPECT_EQ(moneyness_label(moneyness_rank(2, SideSelection::both)), "OTM2");
  EXPECT_EQ(moneyness_label(moneyness_rank(2, SideSelection::put)), "ITM2");
  EXPECT_EQ(moneyness_label(moneyness_rank(-10, SideSelection::put)), "OTM10");
  EXPECT_EQ(moneyness_label(moneyness_rank(0, SideSelection::put)), "ATM");
}

TEST(Moneyness, RanksOrderItmThenAtmThenOtm) {
  EXPECT_EQ(moneyness_label(0), "ITM10");
  EXPECT_EQ(moneyness_label(9), "ITM1");
  EXPECT_EQ(moneyness_label(10), "ATM");
  EXPECT_EQ(moneyness_label(11), "OTM1");
  EXPECT_EQ(moneyness_label(20), "OTM10");
}
