#include "core/expiry.h"

#include <gtest/gtest.h>

#include <vector>

using namespace strikeline;
using namespace std::chrono;

namespace {
// Weekly Tuesday expiries of November/December 2025; the last of each month is the monthly.
const std::vector<Expiry> kKnown = {
    sys_days{2025y / November / 4},  sys_days{2025y / November / 11},
    sys_days{2025y / November / 18}, sys_days{2025y / November / 25},
    sys_days{2025y / December / 2},  sys_days{2025y / December / 30},
};
ExpirySpec spec(const char* text) {
  return *parse_expiry_spec(text);
}
}  // namespace

TEST(Expiry, CloseIsHalfPastThreeIst) {
  EXPECT_EQ(expiry_close(sys_days{2025y / November / 4}), sys_days{2025y / November / 4} + 10h);
  const Timestamp day_before_close = Timestamp{sys_days{2025y / November / 3} + 10h};
  EXPECT_DOUBLE_EQ(years_to_expiry(sys_days{2025y / November / 4}, day_before_close), 1.0 / 365.0);
  EXPECT_LT(
      years_to_expiry(sys_days{2025y / November / 4}, Timestamp{sys_days{2025y / November / 5}}),
      0.0);
}

TEST(ExpirySpec, DatesAndLabels) {
  EXPECT_EQ(spec("2025-11-04"), ExpirySpec{sys_days{2025y / November / 4}});
  EXPECT_EQ(spec("NWeek+0"), (ExpirySpec{RelativeExpiry{RelativeExpiry::Kind::week, 0}}));
  EXPECT_EQ(spec("nweek+2"), (ExpirySpec{RelativeExpiry{RelativeExpiry::Kind::week, 2}}));
  EXPECT_EQ(spec("NWeek"), (ExpirySpec{RelativeExpiry{RelativeExpiry::Kind::week, 0}}));
  EXPECT_EQ(spec("NMonth+1"), (ExpirySpec{RelativeExpiry{RelativeExpiry::Kind::month, 1}}));
  for (const char* bad :
       {"", "NWeek-1", "NWeek+", "NWeek+x", "NYear+0", "2025-11-31", "NWeek+99999", "tomorrow"}) {
    EXPECT_FALSE(parse_expiry_spec(bad)) << bad;
  }
}

TEST(ExpirySpec, NWeekCountsFromTheAsOfDate) {
  const sys_days as_of = 2025y / November / 4;  // expiry day itself counts as +0
  EXPECT_EQ(resolve_expiry(spec("NWeek+0"), kKnown, as_of), sys_days{2025y / November / 4});
  EXPECT_EQ(resolve_expiry(spec("NWeek+1"), kKnown, as_of), sys_days{2025y / November / 11});
  EXPECT_EQ(resolve_expiry(spec("NWeek+0"), kKnown, as_of + days{1}),
            sys_days{2025y / November / 11});
  EXPECT_EQ(resolve_expiry(spec("NWeek+5"), kKnown, as_of), sys_days{2025y / December / 30});
  EXPECT_FALSE(resolve_expiry(spec("NWeek+6"), kKnown, as_of));
  EXPECT_EQ(resolve_expiry(spec("2025-11-18"), kKnown, as_of), sys_days{2025y / November / 18});
}

TEST(ExpirySpec, NMonthIsTheLastExpiryOfEachMonth) {
  const sys_days as_of = 2025y / November / 4;
  EXPECT_EQ(resolve_expiry(spec("NMonth+0"), kKnown, as_of), sys_days{2025y / November / 25});
  EXPECT_EQ(resolve_expiry(spec("NMonth+1"), kKnown, as_of), sys_days{2025y / December / 30});
  EXPECT_FALSE(resolve_expiry(spec("NMonth+2"), kKnown, as_of));
  EXPECT_TRUE(is_monthly_expiry(sys_days{2025y / November / 25}, kKnown));
  EXPECT_FALSE(is_monthly_expiry(sys_days{2025y / December / 2}, kKnown));
  EXPECT_EQ(resolve_expiry(spec("NMonth+0"), kKnown, sys_days{2025y / November / 26}),
            sys_days{2025y / December / 30});
}

TEST(ExpirySpec, RelativeLabels) {
  const sys_days as_of = 2025y / November / 5;
  EXPECT_EQ(relative_label(sys_days{2025y / November / 4}, kKnown, as_of), "");
  EXPECT_EQ(relative_label(sys_days{2025y / November / 11}, kKnown, as_of), "NWeek+0");
  EXPECT_EQ(relative_label(sys_days{2025y / December / 30}, kKnown, as_of), "NWeek+4");
}
