#include "query/expiry_list.h"

#include <gtest/gtest.h>

#include <set>

#include "query/indicator_panels.h"

using namespace strikeline;
using namespace std::chrono;

TEST(ExpiryList, LabelsDaysAndMonthlies) {
  const std::vector<Expiry> known = {sys_days{2025y / October / 28}, sys_days{2025y / November / 4},
                                     sys_days{2025y / November / 11},
                                     sys_days{2025y / November / 25}};
  const auto details = expiry_details(known, sys_days{2025y / November / 4});
  ASSERT_EQ(details.size(), 4u);
  EXPECT_EQ(details[0].label, "");  // expired
  EXPECT_EQ(details[0].days_to_expiry, -7);
  EXPECT_TRUE(details[0].is_monthly);
  EXPECT_EQ(details[1].label, "NWeek+0");
  EXPECT_EQ(details[1].days_to_expiry, 0);
  EXPECT_FALSE(details[1].is_monthly);
  EXPECT_EQ(details[2].label, "NWeek+1");
  EXPECT_EQ(details[3].label, "NWeek+2");
  EXPECT_EQ(details[3].days_to_expiry, 21);
  EXPECT_TRUE(details[3].is_monthly);
}

TEST(IndicatorPanels, BothOrientationsAndUniqueIds) {
  const auto panels = indicator_panels();
  int horizontal = 0, vertical = 0, defaults = 0;
  std::set<std::string_view> ids;
  for (const auto& p : panels) {
    EXPECT_TRUE(ids.insert(p.id).second) << p.id;
    if (p.orientation == "horizontal") ++horizontal;
    if (p.orientation == "vertical") ++vertical;
    if (p.is_default) ++defaults;
  }
  EXPECT_EQ(horizontal + vertical, static_cast<int>(panels.size()));
  EXPECT_EQ(horizontal, 7);
  EXPECT_GE(defaults, 1);
}
