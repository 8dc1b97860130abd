#include <gtest/gtest.h>

#include "feed/bar_reader.h"

using namespace strikeline;
using namespace std::chrono;

namespace bar_reader_ndjson_test {

const UtcSeconds kBucket = UtcSeconds{sys_days{2025y / November / 4}} + 3h + 45min;

TEST(BarReaderNdjson, ObjectsWithNumbersStringsAndNulls) {
  auto r = read_bars(
      R"({"bucket_time":"2025-11-04 03:45:00+00","timeframe":"1min","symbol":"NIFTY",)"
      R"("expiry":"2025-11-04","strike":24300,"underlying_close":24350.75,"call_iv_avg":14.5,)"
      R"("call_delta_avg":0.52,"call_gamma_avg":0.0007,"call_theta_avg":-12.5,"call_vega_avg":11.5,)"
      R"("call_count":3,"call_volume":1950,"call_oi_sum":5123400.0,"put_oi_sum":null,)"
      R"("put_iv_avg":null,"created_at":"2025-11-04T03:46:00Z","extra":[1,2]})"
      "\n"
      R"({"bucket_time":1762227960,"symbol":"NIFTY","expiry":"2025-11-04","strike":24350.5})",
      BarFormat::ndjson);
  ASSERT_FALSE(r.refused);
  ASSERT_EQ(r.bars.size(), 2u) << r.rejected[0].detail;
  const StrikeBar& a = r.bars[0];
  EXPECT_EQ(a.key.bucket, kBucket);
  EXPECT_EQ(a.key.strike, strike_rupees(24300));
  EXPECT_EQ(a.underlying_close, 24350.75);
  EXPECT_EQ(a.call.iv, 14.5);
  EXPECT_EQ(a.call.analytics_count, 3u);
  EXPECT_EQ(a.call.count, 3u);
  EXPECT_EQ(a.call.volume, 1950);
  EXPECT_EQ(a.call.oi, 5123400);
  EXPECT_FALSE(a.put.oi);
  EXPECT_FALSE(a.put.has_analytics());
  EXPECT_EQ(r.bars[1].key.bucket, kBucket + 1min);
  EXPECT_EQ(r.bars[1].key.strike, Strike::from_hundredths(2435050));
}

TEST(BarReaderNdjson, RejectsBadLines) {
  const std::string ok =
      R"({"bucket_time":1762227900,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300})";
  const std::string text =
      ok + "\n" +
      R"({"bucket_time":1762227900,"symbol":"NIFTY","expiry":"2025-11-04","strike":"24300"})"
      "\n"  // 2 strike as a string
      R"({"bucket_time":1762227900,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"call_oi_sum":-1})"
      "\n"  // 3 negative OI
      R"({"bucket_time":1762227900,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"call_iv_avg":NaN})"
      "\n"  // 4 NaN
      R"({"bucket_time":1762227900,"symbol":"NIFTY","expiry":"2025-11-04")"
      "\n"  // 5 truncated
      R"({"bucket_time":1762227900,"expiry":"2025-11-04","strike":24300})"
      "\n"  // 6 no symbol
      R"({"bucket_time":1762227900,"symbol":24300,"expiry":"2025-11-04","strike":24300})"
      "\n"  // 7 symbol as a number
      R"({"bucket_time":true,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300})"
      "\n"  // 8 bucket as a boolean
      R"({"bucket_time":1762227900,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"strike":1})"
      "\n"  // 9 twice
      R"({"bucket_time":1762227900,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"put_count":1e400})"
      "\n" +  // 10 out of range
      ok +
      "\n";
  auto r = read_bars(text, BarFormat::ndjson);
  ASSERT_FALSE(r.refused);
  EXPECT_EQ(r.bars.size(), 2u);
  std::vector<std::size_t> lines;
  for (const auto& rej : r.rejected) lines.push_back(rej.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{2, 3, 4, 5, 6, 7, 8, 9, 10}));
  ASSERT_EQ(r.rejected.size(), 9u);
  EXPECT_EQ(r.rejected[0].detail, "strike: expected a number, got a string");
  EXPECT_EQ(r.rejected[1].detail, "call_oi_sum: must not be negative");
  EXPECT_NE(r.rejected[2].detail.find("malformed"), std::string::npos);
  EXPECT_NE(r.rejected[3].detail.find("truncated"), std::string::npos);
  EXPECT_EQ(r.rejected[4].detail, "symbol: missing");
  EXPECT_EQ(r.rejected[5].detail, "symbol: expected a string");
  EXPECT_EQ(r.rejected[6].detail, "bucket_time: expected a number");
  EXPECT_EQ(r.rejected[7].detail, "strike: given twice");
}

TEST(BarReaderNdjson, RefusesWhatIsNotNdjson) {
  EXPECT_EQ(*read_bars("", BarFormat::ndjson).refused, "no rows: the input is empty");
  EXPECT_EQ(*read_bars("\n \n", BarFormat::ndjson).refused, "no rows: the input is empty");
  auto csv = read_bars("bucket_time,symbol,expiry,strike\n1762227900,NIFTY,2025-11-04,1\n",
                       BarFormat::ndjson);
  EXPECT_EQ(*csv.refused, "not NDJSON: line 1 is not a JSON object");
  auto binary = read_bars(std::string("{\"a\":\x01}", 7), BarFormat::ndjson);
  EXPECT_EQ(*binary.refused, "not a NDJSON file: binary data (control byte 1 at offset 5)");
}

}  // namespace bar_reader_ndjson_test
