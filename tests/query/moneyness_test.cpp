#include "query/moneyness.h"

#include <gtest/gtest.h>

using namespace strikeline;

TEST(Moneyness, LevelIsThePositionFromAtm) {
  EXPECT_EQ(moneyness_level(3, 5), -2);
  EXPECT_EQ(moneyness_level(5, 5), 0);
  EXPECT_EQ(moneyness_level(6, 5), 1);
}

TEST(Moneyness, LevelIsCappedAtTen) {
  EXPECT_EQ(moneyness_level(40, 5), 10);
  EXPECT_EQ(moneyness_level(0, 30), -10);
  EXPECT_EQ(moneyness_level(15, 5), 10);
  EXPECT_EQ(moneyness_level(14, 5), 9);
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
