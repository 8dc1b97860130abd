#include "feed/tick_reader.h"

#include <gtest/gtest.h>

using namespace strikeline;
using namespace std::chrono;

namespace {

const Timestamp kTs = Timestamp{microseconds{1730379601250000}};  // 2024-10-31T13:00:01.25Z
const char* kOptionLine =
    R"({"ts":1730379601.25,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"type":"CE",)"
    R"("price":152.4,"volume":1203450,"oi":5123400,"bid":152.3,"ask":152.5,"bid_qty":750,"ask_qty":1500})";

const OptionTick& option(const TickReadResult& r, std::size_t i = 0) {
  return std::get<OptionTick>(r.events.at(i));
}

}  // namespace

TEST(TickReader, OptionLineWithEveryField) {
  auto r = read_ticks_ndjson(kOptionLine);
  ASSERT_FALSE(r.refused);
  ASSERT_TRUE(r.rejected.empty());
  ASSERT_EQ(r.events.size(), 1u);
  const OptionTick& t = option(r);
  EXPECT_EQ(t.ts, kTs);
  EXPECT_EQ(t.symbol, "NIFTY");
  EXPECT_EQ(t.expiry, sys_days{2025y / November / 4});
  EXPECT_EQ(t.strike, strike_rupees(24300));
  EXPECT_EQ(t.side, Side::call);
  EXPECT_EQ(t.price, 152.4);
  EXPECT_EQ(t.cumulative_volume, 1203450);
  EXPECT_EQ(t.oi, 5123400);
  EXPECT_EQ(t.bid, 152.3);
  EXPECT_EQ(t.ask, 152.5);
  EXPECT_EQ(t.bid_qty, 750);
  EXPECT_EQ(t.ask_qty, 1500);
  EXPECT_FALSE(t.iv);
  EXPECT_FALSE(t.delta);
}

TEST(TickReader, OptionalAnalyticsAndPutSide) {
  auto r = read_ticks_ndjson(
      R"({"ts":1730379601,"symbol":"nifty 50","expiry":"2025-11-04","strike":24300.5,"type":"pe",)"
      R"("price":80,"iv":14.25,"delta":-0.41,"gamma":0.0007,"theta":-11.5,"vega":12.75,"oi":null})");
  ASSERT_EQ(r.events.size(), 1u) << (r.rejected.empty() ? "" : r.rejected[0].detail);
  const OptionTick& t = option(r);
  EXPECT_EQ(t.symbol, "NIFTY");
  EXPECT_EQ(t.side, Side::put);
  EXPECT_EQ(t.strike, Strike::from_hundredths(2430050));
  EXPECT_EQ(t.iv, 14.25);
  EXPECT_EQ(t.delta, -0.41);
  EXPECT_EQ(t.gamma, 0.0007);
  EXPECT_EQ(t.theta, -11.5);
  EXPECT_EQ(t.vega, 12.75);
  EXPECT_FALSE(t.oi);  // null is absent
  EXPECT_FALSE(t.cumulative_volume);
  EXPECT_FALSE(t.bid || t.ask || t.bid_qty || t.ask_qty);
}

TEST(TickReader, UnderlyingAndFutureLines) {
  auto r = read_ticks_ndjson(
      "{\"ts\":1730379601.25,\"symbol\":\"NIFTY\",\"price\":24350.75}\n"
      "{\"ts\":1730379601.25,\"symbol\":\"NIFTY\",\"expiry\":\"2025-11-27\",\"type\":\"FUT\","
      "\"price\":24420.0}\n"
      "{\"ts\":1730379601.25,\"symbol\":\"NSE:NIFTY BANK\",\"type\":\"INDEX\",\"price\":51000}\n");
  ASSERT_EQ(r.events.size(), 3u);
  const auto& u = std::get<UnderlyingTick>(r.events[0]);
  EXPECT_EQ(u.ts, kTs);
  EXPECT_EQ(u.symbol, "NIFTY");
  EXPECT_EQ(u.price, 24350.75);
  const auto& f = std::get<FutureTick>(r.events[1]);
  EXPECT_EQ(f.expiry, sys_days{2025y / November / 27});
  EXPECT_EQ(f.price, 24420.0);
  EXPECT_EQ(std::get<UnderlyingTick>(r.events[2]).symbol, "BANKNIFTY");
}

// A future's line may carry its cumulative day volume and OI (units), and NSE's FUTIDX/FUTSTK
// names the type too; a negative OI is a rejected line.
TEST(TickReader, FutureLinesCarryVolumeAndOi) {
  auto r = read_ticks_ndjson(
      "{\"ts\":1730379601.25,\"symbol\":\"NIFTY\",\"expiry\":\"2025-11-27\",\"type\":\"FUT\","
      "\"price\":24420.5,\"volume\":1203450,\"oi\":14560000}\n"
      "{\"ts\":1730379601.25,\"symbol\":\"RELIANCE\",\"expiry\":\"2025-11-27\","
      "\"type\":\"FUTSTK\",\"price\":1550,\"oi\":500}\n"
      "{\"ts\":1730379601.25,\"symbol\":\"NIFTY\",\"expiry\":\"2025-11-27\",\"type\":\"FUT\","
      "\"price\":24420.5,\"oi\":-1}\n");
  ASSERT_EQ(r.events.size(), 2u);
  const auto& f = std::get<FutureTick>(r.events[0]);
  EXPECT_EQ(f.price, 24420.5);
  EXPECT_EQ(f.cumulative_volume, 1203450);
  EXPECT_EQ(f.oi, 14560000);
  const auto& stock = std::get<FutureTick>(r.events[1]);
  EXPECT_EQ(stock.symbol, "RELIANCE");
  EXPECT_FALSE(stock.cumulative_volume);
  EXPECT_EQ(stock.oi, 500);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 3u);
}

TEST(TickReader, TimestampForms) {
  for (const char* ts : {"1730379601.25", "1730379601250", "\"2024-10-31T13:00:01.25Z\"",
                         "\"2024-10-31 18:30:01.25+05:30\"", "\"2024-10-31 13:00:01.25+00\""}) {
    auto r = read_ticks_ndjson(std::string("{\"ts\":") + ts +
                               ",\"symbol\":\"NIFTY\",\"price\":24350.75}");
    ASSERT_EQ(r.events.size(), 1u) << ts;
    EXPECT_EQ(std::get<UnderlyingTick>(r.events[0]).ts, kTs) << ts;
  }
}

TEST(TickReader, RejectsBadLinesAndKeepsTheRest) {
  const std::string good = kOptionLine;
  const std::string text =
      good + "\n" +  // 1 ok
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":243)"
      "\n"  // 2 truncated
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":"24300","type":"CE"})"
      "\n"  // 3 strike as text
      R"({"ts":1730379601,"expiry":"2025-11-04","strike":24300,"type":"CE"})"
      "\n"  // 4 no symbol
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"type":"CE","oi":-5})"
      "\n"  // 5 negative OI
      R"({"ts":1730379601,"symbol":"NIFTY","price":NaN})"
      "\n"  // 6 NaN
      R"({"ts":1730379601,"symbol":"NIFTY","price":Infinity})"
      "\n"  // 7 Infinity
      "\n"  // 8 blank
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"type":"XX"})"
      "\n"  // 9 bad type
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300})"
      "\n"  // 10
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-02-30","strike":24300,"type":"CE"})"
      "\n"  // 11 bad date
      R"({"ts":1730379601,"symbol":"NIFTY"})"
      "\n"  // 12 no price
      R"({"ts":1730379601,"symbol":"NIFTY","price":1,"price":2})"
      "\n"  // 13 twice
      R"({"symbol":"NIFTY","price":1})"
      "\n"  // 14 no ts
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"type":"CE","volume":1.5})"
      "\n"  // 15 fractional
      R"({"ts":1730379601,"symbol":"!!","price":1})"
      "\n"  // 16 bad symbol
      R"({"ts":"yesterday","symbol":"NIFTY","price":1})"
      "\n"  // 17 bad ts
      R"([1,2,3])"
      "\n"  // 18 not an object
      R"({"ts":1730379601,"symbol":"NIFTY","price":1} trailing)"
      "\n"  // 19 trailing junk
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":0,"type":"CE"})"
      "\n" +
      good +
      "\r\n"  // 21 ok (CRLF)
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"type":"CE","bid_qty":-75})"
      "\n"  // 22 negative quantity
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,"type":"PE","ask_qty":7.5})"
      "\n";  // 23 fractional quantity
  auto r = read_ticks_ndjson(text);
  ASSERT_FALSE(r.refused);
  EXPECT_EQ(r.events.size(), 2u);
  std::vector<std::size_t> lines;
  for (const auto& rej : r.rejected) lines.push_back(rej.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{2,  3,  4,  5,  6,  7,  9,  10, 11, 12,
                                             13, 14, 15, 16, 17, 18, 19, 20, 22, 23}));
  auto detail = [&](std::size_t line) {
    for (const auto& rej : r.rejected)
      if (rej.line == line) return rej.detail;
    return std::string();
  };
  EXPECT_NE(detail(2).find("truncated"), std::string::npos) << detail(2);
  EXPECT_EQ(detail(3), "strike: expected a number");
  EXPECT_EQ(detail(4), "symbol: missing");
  EXPECT_EQ(detail(5), "oi: must not be negative");
  EXPECT_NE(detail(6).find("malformed"), std::string::npos) << detail(6);
  EXPECT_NE(detail(7).find("malformed"), std::string::npos) << detail(7);
  EXPECT_NE(detail(9).find("'XX'"), std::string::npos) << detail(9);
  EXPECT_NE(detail(10).find("type: missing"), std::string::npos) << detail(10);
  EXPECT_NE(detail(11).find("expiry"), std::string::npos);
  EXPECT_EQ(detail(12), "price: missing");
  EXPECT_EQ(detail(13), "price: given twice");
  EXPECT_NE(detail(14).find("ts: missing"), std::string::npos);
  EXPECT_EQ(detail(15), "volume: expected a whole number");
  EXPECT_NE(detail(16).find("symbol"), std::string::npos);
  EXPECT_NE(detail(17).find("yesterday"), std::string::npos);
  EXPECT_EQ(detail(18), "expected a JSON object");
  EXPECT_EQ(detail(20), "strike: must be a positive price");
  EXPECT_EQ(detail(22), "bid_qty: must not be negative");
  EXPECT_EQ(detail(23), "ask_qty: expected a whole number");
}

TEST(TickReader, RefusesWhatIsNotNdjson) {
  EXPECT_EQ(*read_ticks_ndjson("").refused, "no rows: the input is empty");
  EXPECT_EQ(*read_ticks_ndjson(" \n\r\n \n").refused, "no rows: the input is empty");
  auto binary = read_ticks_ndjson(std::string("{\"ts\":1,\0\x01\x02", 10));
  ASSERT_TRUE(binary.refused);
  EXPECT_NE(binary.refused->find("binary data"), std::string::npos) << *binary.refused;
  auto latin1 = read_ticks_ndjson("{\"ts\":1,\"symbol\":\"NIFTY\xE9\",\"price\":1}");
  ASSERT_TRUE(latin1.refused);
  EXPECT_NE(latin1.refused->find("UTF-8"), std::string::npos);
  auto csv = read_ticks_ndjson("ts,symbol,price\n1,NIFTY,1\n");
  ASSERT_TRUE(csv.refused);
  EXPECT_EQ(*csv.refused, "not NDJSON: line 1 is not a JSON object");
  EXPECT_TRUE(csv.events.empty());
}

TEST(TickReader, ByteOrderMarkAndBlankLinesKeepLineNumbers) {
  auto r = read_ticks_ndjson("\xEF\xBB\xBF\n\n{\"ts\":1,\"symbol\":\"NIFTY\"}\n");
  ASSERT_FALSE(r.refused);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 3u);
}
