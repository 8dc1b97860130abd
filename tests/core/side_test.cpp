#include "core/side.h"

#include <gtest/gtest.h>

using namespace strikeline;

TEST(Side, ParsesExchangeAndPlainSpellings) {
  EXPECT_EQ(parse_side("CE"), Side::call);
  EXPECT_EQ(parse_side("ce"), Side::call);
  EXPECT_EQ(parse_side("call"), Side::call);
  EXPECT_EQ(parse_side("PE"), Side::put);
  EXPECT_EQ(parse_side("Put"), Side::put);
  EXPECT_FALSE(parse_side("FUT"));
  EXPECT_FALSE(parse_side(""));
  EXPECT_EQ(side_code(Side::put), "PE");
}

TEST(SideSelection, OnlyBothCallPut) {
  EXPECT_EQ(parse_side_selection("both"), SideSelection::both);
  EXPECT_EQ(parse_side_selection("CALL"), SideSelection::call);
  EXPECT_EQ(parse_side_selection("put"), SideSelection::put);
  EXPECT_FALSE(parse_side_selection("calls"));
  EXPECT_FALSE(parse_side_selection("CE"));
  EXPECT_FALSE(parse_side_selection(""));
}
