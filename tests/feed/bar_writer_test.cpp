#include "feed/bar_writer.h"

#include <gtest/gtest.h>

#include "feed/bar_generator.h"
#include "feed/bar_reader.h"

using namespace strikeline;
using namespace std::chrono;

namespace {

std::vector<StrikeBar> sample_bars() {
  GeneratorOptions o;
  o.trading_days = 1;
  o.expiries = 2;
  o.strikes = 5;
  auto bars = generate_seed_bars(o);
  bars.resize(40);
  // Sparse rows: absent OI, analytics, premium and underlying; awkward doubles.
  StrikeBar sparse;
  sparse.key = {"MIDCPNIFTY", sys_days{2025y / November / 25}, Strike::from_hundredths(1287525),
                Timeframe::m1, UtcSeconds{sys_days{2025y / November / 4}} + 4h};
  sparse.put.count = 3;
  sparse.put.volume = 1200;
  sparse.put.oi = 0;
  sparse.call.analytics_count = 2;
  sparse.call.count = 0;
  sparse.call.iv = 0.1 + 0.2;
  sparse.call.delta = -1e-300;
  sparse.call.gamma = 5e-324;
  sparse.call.theta = -123456.789012345;
  sparse.call.vega = 1.0 / 3.0;
  sparse.call.oi_change = -70;
  sparse.put.observed_at = sparse.key.bucket + 60s;  // the last second of its minute, rounded up
  sparse.put.ask = 0.1 + 0.2;  // a one-sided quote with an awkward price and an empty size
  sparse.put.ask_qty = 0;
  bars.push_back(sparse);
  bars[3].call.observed_at = bars[3].key.bucket + 17s;
  return bars;
}

}  // namespace

TEST(BarWriter, CsvHeaderAndRow) {
  StrikeBar b;
  b.key = {"NIFTY", sys_days{2025y / November / 4}, Strike::from_hundredths(2430050), Timeframe::m1,
           UtcSeconds{sys_days{2025y / November / 4}} + 3h + 45min};
  b.underlying_close = 24350.75;
  b.call.count = 2;
  b.call.volume = 130;
  b.call.oi = 5123400;
  b.call.oi_change = -65;
  b.call.analytics_count = 2;
  b.call.iv = 14.5;
  b.call.delta = 0.5;
  b.call.gamma = 0.0007;
  b.call.theta = -12;
  b.call.vega = 11;
  b.call.has_premium = true;
  b.call.open = 150;
  b.call.high = 152.4;
  b.call.low = 149.95;
  b.call.close = 151;
  b.call.bid = 150.95;
  b.call.ask = 151.05;
  b.call.bid_qty = 1950;
  const std::vector<StrikeBar> bars{b};
  EXPECT_EQ(write_bars_csv(bars),
            "bucket_time,timeframe,symbol,expiry,strike,underlying_close,call_iv_avg,put_iv_avg,"
            "call_delta_avg,put_delta_avg,call_gamma_avg,put_gamma_avg,call_theta_avg,"
            "put_theta_avg,call_vega_avg,put_vega_avg,call_volume,put_volume,call_count,put_count,"
            "call_oi_sum,put_oi_sum,call_oi_change,put_oi_change,call_analytics_count,"
            "put_analytics_count,call_open,call_high,call_low,call_close,put_open,put_high,put_low,"
            "put_close,call_observed_at,put_observed_at,call_bid,call_ask,call_bid_qty,"
            "call_ask_qty,put_bid,put_ask,put_bid_qty,put_ask_qty\n"
            "2025-11-04T03:45:00Z,1min,NIFTY,2025-11-04,24300.5,24350.75,14.5,,0.5,,0.0007,,-12,,"
            "11,,130,0,2,0,5123400,,-65,,2,0,150,152.4,149.95,151,,,,,,,150.95,151.05,1950,,,,,\n");
  EXPECT_TRUE(write_bars_ndjson(bars).starts_with(
      R"({"bucket_time":"2025-11-04T03:45:00Z","timeframe":"1min","symbol":"NIFTY",)"
      R"("expiry":"2025-11-04","strike":24300.5,"underlying_close":24350.75,"call_iv_avg":14.5,)"
      R"("put_iv_avg":null,)"));
}

TEST(BarWriter, CsvRoundTripIsExact) {
  const auto bars = sample_bars();
  auto r = read_bars(write_bars_csv(bars), BarFormat::csv);
  ASSERT_FALSE(r.refused) << *r.refused;
  ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].line << ": " << r.rejected[0].detail;
  EXPECT_EQ(r.bars, bars);
}

TEST(BarWriter, NdjsonRoundTripIsExact) {
  const auto bars = sample_bars();
  auto r = read_bars(write_bars_ndjson(bars), BarFormat::ndjson);
  ASSERT_FALSE(r.refused) << *r.refused;
  ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].line << ": " << r.rejected[0].detail;
  EXPECT_EQ(r.bars, bars);
}
