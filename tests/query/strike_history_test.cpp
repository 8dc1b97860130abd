#include "query/strike_history.h"

#include <gtest/gtest.h>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace strike_history_test {
const Expiry kNov4 = sys_days{2025y / November / 4};
const UtcSeconds kT0 = ist_time_on(kNov4, hours{10});

TEST(StrikeHistory, CandlesOfOneStrike) {
  InMemoryChain chain;
  for (int i = 0; i < 3; ++i) {
    const UtcSeconds t = kT0 + minutes{5 * i};
    StrikeBar bar = bar_at("NIFTY", kNov4, 24350, Timeframe::m5, t, 24350.123456 + i);
    bar.call = with_volume(
        with_oi(with_premium(with_greeks({}, 18.123456, 0.5123456, 0.00123456789, -12.34567, 8.5),
                             100, 110.55557, 95, 104),
                5000 + i, 250),
        1200);
    if (i != 1) bar.put = with_volume(with_oi({}, 4000), 800);
    chain.add(bar);
    StrikeBar other = bar_at("NIFTY", kNov4, 24400, Timeframe::m5, t, 24350.123456 + i);
    other.call = with_oi({}, 10);
    chain.add(other);  // another strike
  }
  StrikeHistoryRequest r{"NIFTY",
                         kNov4,
                         strike_rupees(24350),
                         Timeframe::m5,
                         TimeWindow{kT0 + minutes{5}, kT0 + minutes{10}},
                         std::nullopt};
  const StrikeHistory history = strike_history(chain, r);
  ASSERT_EQ(history.candles.size(), 2u);
  const HistoryCandle& c = history.candles[0];
  EXPECT_EQ(c.time, kT0 + minutes{5});
  EXPECT_EQ(c.underlying, 24351.12);  // index levels are quoted in paise: 2 decimals
  EXPECT_EQ(c.call.iv, 18.1235);
  EXPECT_EQ(c.call.delta, 0.5123);
  EXPECT_EQ(c.call.gamma, 0.001235);
  EXPECT_EQ(c.call.theta, -12.3457);
  EXPECT_EQ(c.call.vega, 8.5);
  EXPECT_EQ(c.call.high, 110.5556);
  EXPECT_EQ(c.call.close, 104.0);
  EXPECT_EQ(c.call.oi, 5001);
  EXPECT_EQ(c.call.oi_change, 250);
  EXPECT_EQ(c.call.volume, 1200);
  EXPECT_EQ(c.call.last_price, 104.0);
  EXPECT_EQ(c.call.observed_at, kT0 + minutes{6});  // the bar's minute end (no time given)
  // The put did not trade in this candle: its flows are empty (volume 0, no premium or IV), its
  // state carried from the first candle: OI never falls to 0 for a quiet bucket.
  EXPECT_EQ(c.put.oi, 4000);
  EXPECT_EQ(c.put.volume, 0);
  EXPECT_EQ(c.put.iv, std::nullopt);
  EXPECT_EQ(c.put.close, std::nullopt);
  EXPECT_EQ(c.put.observed_at, kT0 + minutes{1});
  EXPECT_EQ(c.total_oi, 5001 + 4000);
  EXPECT_EQ(c.total_volume, 1200);
  const HistoryCandle& d = history.candles[1];
  EXPECT_EQ(d.total_oi, 5002 + 4000);
  EXPECT_EQ(d.total_volume, 2000);
  EXPECT_EQ(d.put.close, std::nullopt);  // no premium on the put
  EXPECT_EQ(history.oi_zero_points, 0);
}

TEST(StrikeHistory, NoWindowNoCandles) {
  InMemoryChain chain;
  chain.add(bar_at("NIFTY", kNov4, 24350, Timeframe::m5, kT0, 24350.0));
  StrikeHistoryRequest r{"NIFTY",       kNov4,        strike_rupees(24350),
                         Timeframe::m5, std::nullopt, std::nullopt};
  EXPECT_TRUE(strike_history(chain, r).candles.empty());
  r.window = TimeWindow{kT0 - hours{2}, kT0 - minutes{1}};  // before the strike was listed
  EXPECT_TRUE(strike_history(chain, r).candles.empty());
  r.strike = strike_rupees(24400);  // never listed
  r.window = TimeWindow{kT0, kT0};
  EXPECT_TRUE(strike_history(chain, r).candles.empty());
}

}  // namespace strike_history_test
