#include "bars/price_history.h"

#include <gtest/gtest.h>

#include "aggregator_fixture.h"

using namespace strikeline;
using namespace strikeline::test;

TEST(PriceHistory, LatestAtOrBefore) {
  PriceHistory h;
  EXPECT_FALSE(h.at_or_before(ist(10, 0)));
  h.record(ist(10, 0, 0), 1.0);
  h.record(ist(10, 0, 30), 2.0);
  h.record(ist(10, 2, 10), 3.0);
  EXPECT_EQ(h.at_or_before(ist(10, 2, 30)), 3.0);  // the newest tick, exactly
  EXPECT_EQ(h.at_or_before(ist(10, 2, 10)), 3.0);
  EXPECT_EQ(h.at_or_before(ist(10, 1, 0)), 2.0);
  EXPECT_EQ(h.at_or_before(ist(10, 0, 40)), 2.0);
  EXPECT_FALSE(h.at_or_before(ist(9, 59, 59)));
  // Older minutes keep only their last tick: within 10:00 before 10:00:30 nothing is known.
  EXPECT_FALSE(h.at_or_before(ist(10, 0, 10)));
  // A late tick fills its minute.
  h.record(ist(10, 1, 30), 5.0);
  EXPECT_EQ(h.at_or_before(ist(10, 1, 45)), 5.0);
  EXPECT_EQ(h.at_or_before(ist(10, 1, 15)), 2.0);
  EXPECT_EQ(h.at_or_before(ist(10, 3, 0)), 3.0);
}
