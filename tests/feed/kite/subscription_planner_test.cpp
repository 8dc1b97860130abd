// Subscription planning: indices and futures always, ATM +- N listed strikes per expiry, re-centred
// as spot moves (with hysteresis), clipped at the ends of the listed strikes.
#include "feed/kite/subscription_planner.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace strikeline;
using namespace strikeline::kite;
using namespace std::chrono;

namespace {

constexpr Date kWeekly = sys_days{2025y / November / 11};
constexpr Date kMonthly = sys_days{2025y / November / 25};
constexpr Date kToday = sys_days{2025y / November / 4};

// Tokens: index 256265, future 5000, options 10000 + 100*expiry# + 2*strike# (+1 for puts),
// strikes 24000..25000 step 50 (21 strikes).
std::uint32_t option_token(int expiry_no, int strike_no, Side side) {
  return static_cast<std::uint32_t>(10000 + 100 * expiry_no + 2 * strike_no +
                                    (side == Side::put ? 1 : 0));
}

InstrumentCatalogue nifty() {
  InstrumentCatalogue c;
  KiteInstrument index;
  index.token = 256265;
  index.kind = KiteInstrument::Kind::index;
  index.symbol = "NIFTY";
  c.add(index);
  KiteInstrument future;
  future.token = 5000;
  future.kind = KiteInstrument::Kind::future;
  future.symbol = "NIFTY";
  future.expiry = kMonthly;
  c.add(future);
  for (int e = 0; e < 2; ++e) {
    for (int k = 0; k <= 20; ++k) {
      for (Side side : kBothSides) {
        KiteInstrument o;
        o.token = option_token(e, k, side);
        o.symbol = "NIFTY";
        o.expiry = e == 0 ? kWeekly : kMonthly;
        o.strike = strike_rupees(24000 + 50 * k);
        o.side = side;
        c.add(o);
      }
    }
  }
  return c;
}

SubscriptionConfig config(int n) {
  SubscriptionConfig c;
  c.underlyings = {"NIFTY", "BANKNIFTY"};  // BANKNIFTY is not listed: nothing for it
  c.expiries = {RelativeExpiry{RelativeExpiry::Kind::week, 0},
                RelativeExpiry{RelativeExpiry::Kind::month, 0}};
  c.strikes_each_side = n;
  return c;
}

std::vector<std::uint32_t> window(int expiry_no, int from, int to) {
  std::vector<std::uint32_t> out;
  for (int k = from; k <= to; ++k) {
    out.push_back(option_token(expiry_no, k, Side::call));
    out.push_back(option_token(expiry_no, k, Side::put));
  }
  return out;
}

std::vector<std::uint32_t> sorted(std::vector<std::uint32_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(SubscriptionPlanner, StartsWithIndicesAndFuturesThenWindowsAroundSpot) {
  const auto c = nifty();
  SubscriptionPlanner planner(c, config(2));
  const auto start = planner.start(kToday);
  EXPECT_EQ(start.subscribe, (std::vector<std::uint32_t>{5000, 256265}));
  EXPECT_TRUE(start.unsubscribe.empty());
  EXPECT_EQ(planner.expiries("NIFTY"), (std::vector<Expiry>{kWeekly, kMonthly}));

  // Spot 24512: ATM 24500 (strike #10), window #8..#12 on both expiries.
  const auto first = planner.on_spot("NIFTY", 24512.0);
  std::vector<std::uint32_t> expected = window(0, 8, 12);
  const auto monthly = window(1, 8, 12);
  expected.insert(expected.end(), monthly.begin(), monthly.end());
  EXPECT_EQ(first.subscribe, sorted(expected));
  EXPECT_TRUE(first.unsubscribe.empty());
  EXPECT_EQ(planner.centre("NIFTY", kWeekly), strike_rupees(24500));
  EXPECT_EQ(planner.tokens().size(), 2u + 2 * 10);
}

TEST(SubscriptionPlanner, RecentresWhenSpotMovesAStrike) {
  const auto c = nifty();
  SubscriptionPlanner planner(c, config(2));
  planner.start(kToday);
  planner.on_spot("NIFTY", 24500.0);
  // Same centre: nothing to do.
  EXPECT_TRUE(planner.on_spot("NIFTY", 24520.0).empty());
  // Spot 24560: nearest 24550 (#11); the window slides by one strike on each expiry.
  const auto moved = planner.on_spot("NIFTY", 24560.0);
  EXPECT_EQ(moved.subscribe,
            sorted({option_token(0, 13, Side::call), option_token(0, 13, Side::put),
                    option_token(1, 13, Side::call), option_token(1, 13, Side::put)}));
  EXPECT_EQ(moved.unsubscribe,
            sorted({option_token(0, 8, Side::call), option_token(0, 8, Side::put),
                    option_token(1, 8, Side::call), option_token(1, 8, Side::put)}));
  EXPECT_EQ(planner.centre("NIFTY", kMonthly), strike_rupees(24550));
}

TEST(SubscriptionPlanner, HysteresisAtTheMidpoint) {
  const auto c = nifty();
  SubscriptionPlanner planner(c, config(1));
  planner.start(kToday);
  planner.on_spot("NIFTY", 24500.0);
  // 24526 is nearer 24550 but only 26 of the 50 from the centre: below 0.75 * 50, stays.
  EXPECT_TRUE(planner.on_spot("NIFTY", 24526.0).empty());
  EXPECT_TRUE(planner.on_spot("NIFTY", 24524.0).empty());
  EXPECT_EQ(planner.centre("NIFTY", kWeekly), strike_rupees(24500));
  // 24538 is 38 >= 37.5 away: re-centres.
  EXPECT_FALSE(planner.on_spot("NIFTY", 24538.0).empty());
  EXPECT_EQ(planner.centre("NIFTY", kWeekly), strike_rupees(24550));
}

TEST(SubscriptionPlanner, WindowIsClippedAtTheListedStrikes) {
  const auto c = nifty();
  SubscriptionPlanner planner(c, config(3));
  planner.start(kToday);
  const auto low = planner.on_spot("NIFTY", 23000.0);  // below every strike: ATM is 24000
  EXPECT_EQ(planner.centre("NIFTY", kWeekly), strike_rupees(24000));
  EXPECT_EQ(low.subscribe.size(), 2u * 2 * 4);  // #0..#3, both sides, two expiries
  const auto high = planner.on_spot("NIFTY", 26000.0);
  EXPECT_EQ(planner.centre("NIFTY", kWeekly), strike_rupees(25000));
  EXPECT_EQ(high.unsubscribe.size(), 16u);
  EXPECT_EQ(high.subscribe.size(), 16u);  // #17..#20
}

TEST(SubscriptionPlanner, IgnoresUnknownSymbolsAndBadSpots) {
  const auto c = nifty();
  SubscriptionPlanner planner(c, config(2));
  planner.start(kToday);
  EXPECT_TRUE(planner.on_spot("FINNIFTY", 24000.0).empty());
  EXPECT_TRUE(planner.on_spot("BANKNIFTY", 52000.0).empty());
  EXPECT_TRUE(planner.on_spot("NIFTY", -1.0).empty());
  EXPECT_TRUE(planner.on_spot("NIFTY", std::numeric_limits<double>::quiet_NaN()).empty());
  EXPECT_EQ(planner.tokens(), (std::vector<std::uint32_t>{5000, 256265}));
}

TEST(SubscriptionPlanner, ExpiriesResolveAsOfTheStartDay) {
  const auto c = nifty();
  SubscriptionConfig cfg = config(0);
  cfg.expiries = {RelativeExpiry{RelativeExpiry::Kind::week, 1}};
  SubscriptionPlanner planner(c, cfg);
  planner.start(kToday);
  EXPECT_EQ(planner.expiries("NIFTY"), std::vector<Expiry>{kMonthly});
  // After the weekly expiry, NWeek+0 is the monthly one.
  SubscriptionPlanner later(c, config(0));
  later.start(sys_days{2025y / November / 12});
  EXPECT_EQ(later.expiries("NIFTY"), std::vector<Expiry>{kMonthly});
  const auto change = later.on_spot("NIFTY", 24500.0);
  EXPECT_EQ(change.subscribe, sorted(window(1, 10, 10)));
}

TEST(SubscriptionPlanner, MostTokensIsTheWidestWindowWhereverSpotGoes) {
  const auto c = nifty();
  for (int n : {0, 3, 10, 15}) {
    SubscriptionPlanner planner(c, config(n));
    planner.start(kToday);
    // The oracle: every listed strike as the centre, the tokens planned counted.
    std::size_t most = 0;
    for (int k = 0; k <= 20; ++k) {
      planner.on_spot("NIFTY", 24000.0 + 50 * k);
      most = std::max(most, planner.tokens().size());
    }
    EXPECT_EQ(planner.most_tokens(), most) << "n = " << n;
    EXPECT_EQ(most, 2u + 2 * 2 * static_cast<std::size_t>(std::min(2 * n + 1, 21))) << n;
  }
}
