#include "feed/bar_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace strikeline;
using namespace std::chrono;

TEST(BarGenerator, SeedSizedSetHasTheDocumentedShape) {
  const GeneratorOptions options;
  EXPECT_EQ(seed_trading_days(options),
            (std::vector<Date>{sys_days{2025y / October / 27}, sys_days{2025y / October / 28},
                               sys_days{2025y / October / 29}, sys_days{2025y / October / 30},
                               sys_days{2025y / October / 31}}));
  EXPECT_EQ(
      seed_expiries(options),
      (std::vector<Expiry>{sys_days{2025y / November / 4}, sys_days{2025y / November / 11},
                           sys_days{2025y / November / 18}, sys_days{2025y / November / 25}}));
  const auto bars = generate_seed_bars(options);
  ASSERT_EQ(bars.size(), 757'500u);  // 5 days x 4 expiries x 101 strikes x 375 minutes
  // 09:15 IST on the first day is 03:45 UTC; the last bucket is 15:29 IST on the last day.
  EXPECT_EQ(bars.front().key.bucket, UtcSeconds{sys_days{2025y / October / 27}} + 3h + 45min);
  EXPECT_EQ(bars.back().key.bucket, UtcSeconds{sys_days{2025y / October / 31}} + 9h + 59min);
  // Strikes: 24350 rounded to the 50 step, +-50 steps.
  EXPECT_EQ(bars.front().key.strike, strike_rupees(24350 - 50 * 50));
  EXPECT_EQ(bars[100].key.strike, strike_rupees(24350 + 50 * 50));
  EXPECT_TRUE(std::is_sorted(bars.begin(), bars.end(), [](const StrikeBar& a, const StrikeBar& b) {
    return std::tie(a.key.bucket, a.key.expiry, a.key.strike) <
           std::tie(b.key.bucket, b.key.expiry, b.key.strike);
  }));
  std::size_t with_analytics = 0;
  for (const StrikeBar& b : bars) {
    ASSERT_TRUE(b.underlying_close);
    ASSERT_GT(*b.underlying_close, 20000);
    ASSERT_LT(*b.underlying_close, 29000);
    for (Side s : kBothSides) {
      const SideBar& sb = b.side(s);
      ASSERT_GE(sb.volume, 0);
      ASSERT_EQ(sb.volume % 65, 0);  // whole lots
      ASSERT_TRUE(sb.oi);
      ASSERT_EQ(*sb.oi % 65, 0);  // whole NIFTY lots
      ASSERT_GE(sb.count, 1u);
      if (sb.has_analytics()) {
        ++with_analytics;
        ASSERT_GT(sb.iv, 5.0);
        ASSERT_LT(sb.iv, 150.0);
        ASSERT_TRUE(sb.has_premium);
        ASSERT_LE(sb.low, std::min(sb.open, sb.close));
        ASSERT_GE(sb.high, std::max(sb.open, sb.close));
      }
    }
  }
  EXPECT_GT(with_analytics, bars.size() * 2 * 95 / 100);
}

TEST(BarGenerator, RealisticChainAtOneMinute) {
  GeneratorOptions o;
  o.trading_days = 1;
  o.expiries = 1;
  const auto bars = generate_seed_bars(o);
  ASSERT_EQ(bars.size(), 375u * 101);
  // The first minute's chain: 101 strikes.
  std::vector<StrikeBar> chain(bars.begin(), bars.begin() + 101);
  auto at = [&](int rupees) {
    return *std::find_if(chain.begin(), chain.end(),
                         [&](const StrikeBar& b) { return b.key.strike == strike_rupees(rupees); });
  };
  // OI is highest near the money and on round strikes, falls off far away.
  EXPECT_GT(*at(24500).call.oi, *at(24450).call.oi);  // 500s are round
  EXPECT_GT(*at(24500).call.oi, *at(26800).call.oi * 10);
  EXPECT_GT(*at(24000).put.oi, *at(22000).put.oi * 10);
  // Smile: out-of-the-money wings trade above ATM volatility.
  EXPECT_GT(at(23000).put.iv, at(24350).put.iv);
  EXPECT_GT(at(25700).call.iv, at(24350).call.iv);
  // Calls lose value with the strike, puts gain; deltas have the right signs.
  EXPECT_GT(at(24000).call.close, at(24700).call.close);
  EXPECT_LT(at(24000).put.close, at(24700).put.close);
  EXPECT_GT(at(24350).call.delta, 0.3);
  EXPECT_LT(at(24350).put.delta, -0.3);
}

TEST(BarGenerator, DeterministicAndSeeded) {
  GeneratorOptions o;
  o.trading_days = 1;
  o.expiries = 1;
  o.strikes = 3;
  EXPECT_EQ(generate_seed_bars(o), generate_seed_bars(o));
  GeneratorOptions other = o;
  other.seed = 7;
  EXPECT_NE(generate_seed_bars(o), generate_seed_bars(other));
}

TEST(TickGenerator, TimeOrderedWithCumulativeVolumes) {
  GeneratorOptions o;
  o.trading_days = 2;
  o.expiries = 2;
  o.strikes = 3;
  o.ticks_per_minute = 2;
  const auto events = generate_seed_ticks(o);
  // Per slot: one spot tick, 2 futures, 2 x 3 x 2 options.
  ASSERT_EQ(events.size(), 2u * 375 * 2 * (1 + 2 + 12));
  auto ts_of = [](const MarketEvent& e) {
    return std::visit([](const auto& t) { return t.ts; }, e);
  };
  std::map<std::tuple<Date, Expiry, Strike, Side>, std::int64_t> last_cumulative;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) {
      ASSERT_LE(ts_of(events[i - 1]), ts_of(events[i])) << i;
    }
    if (const auto* t = std::get_if<OptionTick>(&events[i])) {
      ASSERT_TRUE(t->cumulative_volume);
      auto key = std::make_tuple(ist_date(t->ts), t->expiry, t->strike, t->side);
      ASSERT_GE(*t->cumulative_volume, last_cumulative[key]);
      last_cumulative[key] = *t->cumulative_volume;
      ASSERT_TRUE(t->iv);
    }
  }
  // The day's final cumulative volume equals the sum of that day's minute volumes of the bars.
  const auto bars = generate_seed_bars(o);
  std::int64_t day_volume = 0;
  for (const StrikeBar& b : bars) {
    if (ist_date(Timestamp{b.key.bucket}) == sys_days{2025y / October / 27} &&
        b.key.expiry == sys_days{2025y / November / 4} && b.key.strike == strike_rupees(24300)) {
      day_volume += b.call.volume;
    }
  }
  EXPECT_EQ((last_cumulative[{sys_days{2025y / October / 27}, sys_days{2025y / November / 4},
                              strike_rupees(24300), Side::call}]),
            day_volume);
}
