#include <gtest/gtest.h>

#include "feed/bar_reader.h"

using namespace strikeline;
using namespace std::chrono;

namespace {

const UtcSeconds kBucket = UtcSeconds{sys_days{2025y / November / 4}} + 3h + 45min;  // 09:15 IST

const char* kFullHeader =
    "bucket_time,timeframe,symbol,expiry,strike,underlying_close,call_iv_avg,put_iv_avg,"
    "call_delta_avg,put_delta_avg,call_gamma_avg,put_gamma_avg,call_theta_avg,put_theta_avg,"
    "call_vega_avg,put_vega_avg,call_volume,put_volume,call_count,put_count,call_oi_sum,"
    "put_oi_sum,created_at,updated_at,call_oi_change,put_oi_change,call_analytics_count,"
    "put_analytics_count,call_open,call_high,call_low,call_close,put_open,put_high,put_low,"
    "put_close\n";

std::string minimal(std::string_view row) {
  return "bucket_time,symbol,expiry,strike\n" + std::string(row) + "\n";
}

std::string first_detail(const BarReadResult& r) {
  return r.rejected.empty() ? "(none)" : r.rejected[0].detail;
}

}  // namespace

TEST(BarReaderCsv, EveryColumn) {
  const std::string text =
      std::string(kFullHeader) +
      "2025-11-04 03:45:00+00,1min,NIFTY50,2025-11-04,24300,24350.75,14.5,15.25,0.52,-0.48,"
      "0.0007,0.0008,-12.5,-11.75,11.5,11.25,1950,2600,12,15,5123400.0,4100000,"
      "2025-11-04 03:46:01+00,,1200,-300,10,,150.5,155,149.25,152.4,80,81.5,78,79.5\n";
  auto r = read_bars(text, BarFormat::csv);
  ASSERT_FALSE(r.refused) << *r.refused;
  ASSERT_EQ(r.bars.size(), 1u) << first_detail(r);
  const StrikeBar& b = r.bars[0];
  EXPECT_EQ(b.key.symbol, "NIFTY");
  EXPECT_EQ(b.key.expiry, sys_days{2025y / November / 4});
  EXPECT_EQ(b.key.strike, strike_rupees(24300));
  EXPECT_EQ(b.key.timeframe, Timeframe::m1);
  EXPECT_EQ(b.key.bucket, kBucket);
  EXPECT_EQ(b.underlying_close, 24350.75);
  EXPECT_EQ(b.call.iv, 14.5);
  EXPECT_EQ(b.call.delta, 0.52);
  EXPECT_EQ(b.call.gamma, 0.0007);
  EXPECT_EQ(b.call.theta, -12.5);
  EXPECT_EQ(b.call.vega, 11.5);
  EXPECT_EQ(b.call.analytics_count, 10u);  // given
  EXPECT_EQ(b.put.iv, 15.25);
  EXPECT_EQ(b.put.delta, -0.48);
  EXPECT_EQ(b.put.analytics_count, 15u);  // absent: the put count
  EXPECT_EQ(b.call.volume, 1950);
  EXPECT_EQ(b.put.volume, 2600);
  EXPECT_EQ(b.call.count, 12u);
  EXPECT_EQ(b.put.count, 15u);
  EXPECT_EQ(b.call.oi, 5123400);
  EXPECT_EQ(b.put.oi, 4100000);
  EXPECT_EQ(b.call.oi_change, 1200);
  EXPECT_EQ(b.put.oi_change, -300);
  EXPECT_TRUE(b.call.has_premium);
  EXPECT_EQ(b.call.open, 150.5);
  EXPECT_EQ(b.call.high, 155);
  EXPECT_EQ(b.call.low, 149.25);
  EXPECT_EQ(b.call.close, 152.4);
  EXPECT_EQ(b.put.open, 80);
  EXPECT_EQ(b.put.high, 81.5);
  EXPECT_EQ(b.put.low, 78);
  EXPECT_EQ(b.put.close, 79.5);
}

TEST(BarReaderCsv, ColumnsInAnyOrderUnknownOnesIgnoredMissingOnesAbsent) {
  auto r = read_bars(
      "Strike,note,EXPIRY,put_oi_sum,symbol,bucket_time\n"
      "24350,\"anything, \"\"quoted\"\"\n over two lines\",2025-11-04,700,BANKNIFTY,1762227900\n"
      "24400,,2025-11-04,,BANKNIFTY,2025-11-04T09:16:00+05:30\n",
      BarFormat::csv);
  ASSERT_FALSE(r.refused);
  ASSERT_EQ(r.bars.size(), 2u) << first_detail(r);
  const StrikeBar& a = r.bars[0];
  EXPECT_EQ(a.key.symbol, "BANKNIFTY");
  EXPECT_EQ(a.key.strike, strike_rupees(24350));
  EXPECT_EQ(a.key.bucket, kBucket);
  EXPECT_EQ(a.put.oi, 700);
  EXPECT_FALSE(a.call.oi);
  EXPECT_FALSE(a.underlying_close);
  EXPECT_EQ(a.call.count, 0u);
  EXPECT_EQ(a.call.volume, 0);
  EXPECT_FALSE(a.call.has_analytics());
  EXPECT_FALSE(a.call.has_premium);
  const StrikeBar& b = r.bars[1];
  EXPECT_EQ(b.key.bucket, kBucket + 1min);
  EXPECT_FALSE(b.put.oi);  // empty cell: NULL
}

TEST(BarReaderCsv, TimestampFormsAndTimeframes) {
  for (const char* ts :
       {"2025-11-04 03:45:00+00", "2025-11-04T03:45:00Z", "2025-11-04 09:15:00+05:30", "1762227900",
        "1762227900000", "\"2025-11-04 03:45:00+00\""}) {
    auto r = read_bars(minimal(std::string(ts) + ",NIFTY,2025-11-04,24300"), BarFormat::csv);
    ASSERT_EQ(r.bars.size(), 1u) << ts << ": " << first_detail(r);
    EXPECT_EQ(r.bars[0].key.bucket, kBucket) << ts;
  }
  auto r = read_bars(
      "bucket_time,timeframe,symbol,expiry,strike\n"
      "2025-11-04 03:45:00+00,1,NIFTY,2025-11-04,24300\n"
      "2025-11-04 03:45:00+00,5min,NIFTY,2025-11-04,24300\n"
      "2025-11-04 03:45:00+00,7min,NIFTY,2025-11-04,24300\n"
      "2025-11-04 03:45:30+00,1min,NIFTY,2025-11-04,24300\n",
      BarFormat::csv);
  EXPECT_EQ(r.bars.size(), 1u);
  ASSERT_EQ(r.rejected.size(), 3u);
  EXPECT_EQ(r.rejected[0].line, 3u);
  EXPECT_EQ(r.rejected[0].detail,
            "timeframe: only 1min bars can be imported (5min bars are derived from them)");
  EXPECT_EQ(r.rejected[1].line, 4u);
  EXPECT_NE(r.rejected[1].detail.find("'7min' is not a timeframe"), std::string::npos);
  EXPECT_EQ(r.rejected[2].detail,
            "bucket_time: not the start of a 1-minute bucket (a whole minute)");
}

TEST(BarReaderCsv, RejectedRowsSayWhichLineAndWhy) {
  const std::string header =
      "bucket_time,symbol,expiry,strike,call_oi_sum,put_volume,call_count,call_iv_avg,"
      "call_delta_avg,call_gamma_avg,call_theta_avg,call_vega_avg,put_open,put_high,put_low,"
      "put_close,underlying_close\n";
  const std::string ok = "1762227900,NIFTY,2025-11-04,24300,,,,,,,,,,,,,\n";
  const std::string text =
      header + ok +
      "1762227900,NIFTY,2025-11-04,24300,-5,,,,,,,,,,,,\n"            // 3 negative OI
      "1762227900,NIFTY,2025-11-04,24300,,-1,,,,,,,,,,,\n"            // 4 negative volume
      "1762227900,NIFTY,2025-11-04,24300,,,-2,,,,,,,,,,\n"            // 5 negative count
      "1762227900,NIFTY,2025-11-04,24300,NaN,,,,,,,,,,,,\n"           // 6 NaN
      "1762227900,NIFTY,2025-11-04,24300,,,,Infinity,1,1,1,1,,,,,\n"  // 7 Infinity
      "1762227900,NIFTY,2025-11-04,24300,lots,,,,,,,,,,,,\n"          // 8 wrong type
      "1762227900,,2025-11-04,24300,,,,,,,,,,,,,\n"                   // 9 missing symbol
      "1762227900,N?FTY,2025-11-04,24300,,,,,,,,,,,,,\n"              // 10 bad symbol
      "1762227900,NIFTY,2025-13-04,24300,,,,,,,,,,,,,\n"              // 11 bad expiry
      "1762227900,NIFTY,2025-11-04,-50,,,,,,,,,,,,,\n"                // 12 bad strike
      "1762227900,NIFTY,2025-11-04,24300.001,,,,,,,,,,,,,\n"          // 13 strike precision
      "1762227900,NIFTY,2025-11-04,24300,12.5,,,,,,,,,,,,\n"          // 14 fractional OI
      "1762227900,NIFTY,2025-11-04,24300,,,,14,0.5,,,,,,,,\n"         // 15 IV without Greeks
      "1762227900,NIFTY,2025-11-04,24300,,,,,,,,,80,81,79,,\n"        // 16 OHLC incomplete
      "1762227900,NIFTY,2025-11-04,24300,,,,,,,,,80,79,81,80,\n"      // 17 low above high
      "1762227900,NIFTY,2025-11-04,24300,,,,,,,,,,,,,-1\n"            // 18 underlying <= 0
      "1762227900,NIFTY,2025-11-04,24300,,,\n"                        // 19 field count
      "1762227900,NIFTY,2025-11-04,24300,\"5\"x,,,,,,,,,,,,\n"        // 20 bad quoting
      "1762227900,NIFTY,2025-11-04,,,,,,,,,,,,,,\n"                   // 21 missing strike
      + ok;                                                           // 22 ok
  auto r = read_bars(text, BarFormat::csv);
  ASSERT_FALSE(r.refused);
  EXPECT_EQ(r.bars.size(), 2u);
  std::vector<std::pair<std::size_t, std::string>> got;
  for (const auto& rej : r.rejected) got.emplace_back(rej.line, rej.detail);
  const std::vector<std::pair<std::size_t, std::string>> expected{
      {3, "call_oi_sum: must not be negative"},
      {4, "put_volume: must not be negative"},
      {5, "call_count: must not be negative"},
      {6, "call_oi_sum: not a finite number"},
      {7, "call_iv_avg: not a finite number"},
      {8, "call_oi_sum: 'lots' is not a number"},
      {9, "symbol: missing"},
      {10, "symbol: 'N?FTY' is not a symbol"},
      {11, "expiry: '2025-13-04' is not a YYYY-MM-DD date"},
      {12, "strike: must be positive"},
      {13, "strike: must be a multiple of 0.01"},
      {14, "call_oi_sum: expected a whole number"},
      {15,
       "call_gamma_avg: missing while call_iv_avg is given (a side's IV and Greeks come "
       "together)"},
      {16, "put_close: missing while the other premium columns are given"},
      {17, "put_high: premium must satisfy low <= open, close <= high"},
      {18, "underlying_close: must be positive"},
      {19, "expected 17 fields as in the header, found 7"},
      {20, "unexpected text after a closing quote"},
      {21, "strike: missing"},
  };
  EXPECT_EQ(got, expected);
}

TEST(BarReaderCsv, GreekWeightRules) {
  auto r = read_bars(
      "bucket_time,symbol,expiry,strike,call_count,call_analytics_count,call_iv_avg,"
      "call_delta_avg,call_gamma_avg,call_theta_avg,call_vega_avg\n"
      "1762227900,NIFTY,2025-11-04,24300,4,,14,0.5,0.001,-10,12\n"   // count
      "1762227900,NIFTY,2025-11-04,24350,,,14,0.5,0.001,-10,12\n"    // no count: 1
      "1762227900,NIFTY,2025-11-04,24400,4,2,14,0.5,0.001,-10,12\n"  // given
      "1762227900,NIFTY,2025-11-04,24450,4,0,14,0.5,0.001,-10,12\n"  // 0 with IV: rejected
      "1762227900,NIFTY,2025-11-04,24500,4,3,,,,,\n",                // weight without IV
      BarFormat::csv);
  ASSERT_EQ(r.bars.size(), 3u);
  EXPECT_EQ(r.bars[0].call.analytics_count, 4u);
  EXPECT_EQ(r.bars[1].call.analytics_count, 1u);
  EXPECT_EQ(r.bars[2].call.analytics_count, 2u);
  ASSERT_EQ(r.rejected.size(), 2u);
  EXPECT_EQ(r.rejected[0].detail, "call_analytics_count: is 0 while call_iv_avg is given");
  EXPECT_EQ(r.rejected[1].detail, "call_analytics_count: is positive while call_iv_avg is empty");
}

TEST(BarReaderCsv, RefusesWhatIsNotABarCsv) {
  EXPECT_EQ(*read_bars("", BarFormat::csv).refused, "no rows: the input is empty");
  EXPECT_EQ(*read_bars("bucket_time,symbol,expiry,strike\n", BarFormat::csv).refused,
            "no rows: the CSV has a header row but no data rows");
  EXPECT_EQ(*read_bars("bucket_time,symbol,expiry,strike\r\n\r\n", BarFormat::csv).refused,
            "no rows: the CSV has a header row but no data rows");
  auto missing = read_bars("bucket_time,symbol,strike\n1762227900,NIFTY,24300\n", BarFormat::csv);
  ASSERT_TRUE(missing.refused);
  EXPECT_NE(missing.refused->find("lacks the required column(s) expiry"), std::string::npos)
      << *missing.refused;
  EXPECT_TRUE(missing.bars.empty());
  auto twice = read_bars("bucket_time,symbol,expiry,strike,Strike\n", BarFormat::csv);
  EXPECT_EQ(*twice.refused, "not a bar CSV: column strike appears twice in the header");
  std::string binary = minimal("1762227900,NIFTY,2025-11-04,24300");
  binary[20] = '\0';
  auto b = read_bars(binary, BarFormat::csv);
  ASSERT_TRUE(b.refused);
  EXPECT_EQ(*b.refused, "not a CSV file: binary data (NUL byte at offset 20)");
  auto png = read_bars(std::string("\x89PNG\r\n\x1a\n", 8), BarFormat::csv);
  ASSERT_TRUE(png.refused);
  auto latin1 = read_bars(minimal("1762227900,NIFT\xC9,2025-11-04,24300"), BarFormat::csv);
  ASSERT_TRUE(latin1.refused);
  EXPECT_EQ(*latin1.refused, "not a CSV file: the text is not valid UTF-8");
  // Rows that are all rejected are not a refusal: the caller reports them.
  auto rejected = read_bars(minimal("1762227900,NIFTY,2025-11-04,x"), BarFormat::csv);
  EXPECT_FALSE(rejected.refused);
  EXPECT_EQ(rejected.rejected.size(), 1u);
}

TEST(BarFormatDetection, ByContent) {
  EXPECT_EQ(detect_bar_format("{\"bucket_time\":1}\n"), BarFormat::ndjson);
  EXPECT_EQ(detect_bar_format("\xEF\xBB\xBF  \n{\"a\":1}"), BarFormat::ndjson);
  EXPECT_EQ(detect_bar_format("bucket_time,symbol\n"), BarFormat::csv);
  EXPECT_EQ(detect_bar_format("hello\n"), std::nullopt);
  EXPECT_EQ(detect_bar_format(""), std::nullopt);
  EXPECT_EQ(detect_bar_format(std::string("{\0}", 3)), std::nullopt);
}
