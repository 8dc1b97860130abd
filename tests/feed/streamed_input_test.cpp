// Input read in pieces (an HTTP body as it arrives) and the bounds on what a tick or bar may say:
// any split of a text gives the events, bars and rejections of the whole text; a body of a million
// bad lines keeps 1000 reasons and counts the rest; an endless line is rejected without growing the
// buffer; binary data or bad UTF-8 anywhere refuses the input; every bound of feed/market_bounds.h
// is a rejected line with its reason, and the live window only applies to live input.
#include <gtest/gtest.h>

#include "feed/bar_reader.h"
#include "feed/market_bounds.h"
#include "feed/tick_reader.h"
#include "feed/tick_writer.h"

using namespace strikeline;
using namespace std::chrono;

namespace streamed {

const std::string kTicks =
    "{\"ts\":1730379600.5,\"symbol\":\"NIFTY\",\"price\":24350.75}\n"
    "\n"
    "not json\r\n"
    "{\"ts\":1730379601.25,\"symbol\":\"NIFTY\",\"expiry\":\"2024-11-07\",\"strike\":24300,"
    "\"type\":\"CE\",\"price\":152.4,\"volume\":1203450,\"oi\":5123400}\n"
    "{\"ts\":1730379602,\"symbol\":\"NIFTY\",\"expiry\":\"2024-11-07\",\"strike\":-1,"
    "\"type\":\"PE\",\"price\":98.1}";

const std::string kBarsCsv =
    "\xEF\xBB\xBF"
    "bucket_time,symbol,expiry,strike,call_oi_sum,underlying_close\n"
    "1730379600,NIFTY,2024-11-07,24300,5123400,24350.75\n"
    "\"1730379660\",NIFTY,2024-11-07,\"24,350\",7,1\n"
    "1730379720,NIFTY,2024-11-07,24400,\"x\"\"y\",1\n"
    "1730379780,NIFTY,2024-11-07,24450,9\n"
    "1730379840,\"NIF\nTY\",2024-11-07,24500,9,1\n"
    "1730379900,NIFTY,2024-11-07,24550,11,24360\n";

std::vector<std::size_t> lines_of(const std::vector<LineRejection>& rejected) {
  std::vector<std::size_t> out;
  for (const auto& r : rejected) out.push_back(r.line);
  return out;
}

}  // namespace streamed

using namespace streamed;

TEST(StreamedInput, AnySplitOfTicksGivesTheWholeTextsResult) {
  const TickReadResult whole = read_ticks_ndjson(kTicks);
  ASSERT_FALSE(whole.refused);
  ASSERT_EQ(whole.events.size(), 2u);
  EXPECT_EQ(lines_of(whole.rejected), (std::vector<std::size_t>{3, 5}));
  for (std::size_t piece : {1u, 2u, 3u, 7u, 64u}) {
    TickStreamReader reader;
    for (std::size_t at = 0; at < kTicks.size(); at += piece) {
      reader.feed(std::string_view(kTicks).substr(at, piece));
    }
    reader.finish();
    const TickReadResult& r = reader.result();
    ASSERT_FALSE(r.refused) << piece;
    EXPECT_EQ(write_ticks_ndjson(r.events), write_ticks_ndjson(whole.events)) << piece;
    EXPECT_EQ(r.rejected, whole.rejected) << piece;
    EXPECT_EQ(r.rejected_count, 2u);
  }
}

TEST(StreamedInput, AnySplitOfCsvBarsGivesTheWholeTextsResult) {
  const BarReadResult whole = read_bars(kBarsCsv, BarFormat::csv);
  ASSERT_FALSE(whole.refused) << *whole.refused;
  EXPECT_EQ(whole.bars.size(), 2u);
  EXPECT_EQ(lines_of(whole.rejected), (std::vector<std::size_t>{3, 4, 5, 6}));
  for (std::size_t piece : {1u, 2u, 5u, 13u, 100u}) {
    BarStreamReader reader(std::nullopt);  // the format detected from the first line
    for (std::size_t at = 0; at < kBarsCsv.size(); at += piece) {
      reader.feed(std::string_view(kBarsCsv).substr(at, piece));
    }
    reader.finish();
    const BarReadResult& r = reader.result();
    ASSERT_FALSE(r.refused) << piece;
    EXPECT_EQ(r.bars, whole.bars) << piece;
    EXPECT_EQ(r.rejected, whole.rejected) << piece;
  }
}

TEST(StreamedInput, AMillionBadLinesKeepAThousandReasons) {
  std::string body = "bucket_time,symbol,expiry,strike\n";
  TickStreamReader ticks;
  BarStreamReader bars(BarFormat::csv);
  bars.feed(body);
  const std::string chunk = [] {
    std::string c;
    for (int i = 0; i < 1000; ++i) c += "x\n";
    return c;
  }();
  ticks.feed("{\"ts\":1}\n");
  for (int i = 0; i < 1000; ++i) {
    ticks.feed(chunk);
    bars.feed(chunk);
  }
  ticks.finish();
  bars.finish();
  EXPECT_EQ(bars.result().rejected_count, 1'000'000u);
  EXPECT_EQ(bars.result().rejected.size(), kListedRejections);
  EXPECT_EQ(bars.result().rejected.back().line, 1001u);
  EXPECT_LT(bars.memory_bytes(), 256u * 1024);
  EXPECT_EQ(ticks.result().rejected_count, 1'000'001u);
  EXPECT_EQ(ticks.result().rejected.size(), kListedRejections);
}

TEST(StreamedInput, AnEndlessLineIsRejectedWithoutGrowingTheBuffer) {
  TickStreamReader reader;
  reader.feed("{\"ts\":1730379600.5,\"symbol\":\"NIFTY\",\"price\":1}\n{\"a\":\"");
  const std::string piece(64 * 1024, 'a');
  std::size_t largest = 0;
  for (int i = 0; i < 200; ++i) {  // 12.8 MB without a line break
    reader.feed(piece);
    largest = std::max(largest, reader.memory_bytes());
  }
  reader.feed("\"}\n{\"ts\":1730379601,\"symbol\":\"NIFTY\",\"price\":2}\n");
  reader.finish();
  const TickReadResult& r = reader.result();
  ASSERT_FALSE(r.refused);
  EXPECT_EQ(r.events.size(), 2u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].line, 2u);
  EXPECT_EQ(r.rejected[0].detail, "line longer than 65536 bytes");
  EXPECT_LT(largest, 1024u * 1024);
}

TEST(StreamedInput, BinaryOrBadUtf8AnywhereRefusesTheInput) {
  TickStreamReader binary;
  const std::string first = "{\"ts\":1730379600.5,\"symbol\":\"NIFTY\",\"price\":1}\n";
  const std::string second("{\"ts\":1,\0}\n", 11);
  binary.feed(first);
  binary.feed(second);
  binary.finish();
  ASSERT_TRUE(binary.result().refused);
  EXPECT_EQ(*binary.result().refused, "not a NDJSON file: binary data (NUL byte at offset " +
                                          std::to_string(first.size() + second.find('\0')) + ")");
  EXPECT_TRUE(binary.result().events.empty());
  TickStreamReader utf8;
  utf8.feed("{\"ts\":1730379600.5,\"symbol\":\"NIFTY\",\"price\":1}\n{\"symbol\":\"\xC3");
  utf8.feed("\x28\"}\n");
  utf8.finish();
  ASSERT_TRUE(utf8.result().refused);
  EXPECT_EQ(*utf8.result().refused, "not a NDJSON file: the text is not valid UTF-8");
  TickStreamReader empty;
  empty.feed(" \n\r\n");
  empty.finish();
  EXPECT_EQ(empty.result().refused, "no rows: the input is empty");
}

TEST(MarketBounds, EveryBoundIsARejectedLineWithItsReason) {
  const auto detail_of = [](const std::string& line, std::optional<LiveClock> live = {}) {
    TickReadOptions options;
    options.live = live;
    TickReadResult r = read_ticks_ndjson(line, options);
    return r.rejected.empty() ? std::string("accepted") : r.rejected[0].detail;
  };
  const std::string ok =
      R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":152.4,"oi":5123400})";
  EXPECT_EQ(detail_of(ok), "accepted");
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-10-30","strike":24300,"type":"CE"})"),
      "expiry: 2024-10-30 is before the data's own date (2024-10-31 IST): the contract had "
      "expired");
  // The expiry day itself, and any weekday, are fine.
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-10-31","strike":24300,"type":"CE"})"),
      "accepted");
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-11-04","strike":24300,"type":"PE"})"),
      "accepted");
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2034-11-01","strike":24300,"type":"CE"})"),
      "expiry: 2034-11-01 is more than 10 years after the data's own date (2024-10-31)");
  EXPECT_EQ(
      detail_of(R"({"ts":0,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE"})"),
      "ts: 1970-01-01T00:00:00Z is before 2000-01-01");
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-11-07","strike":1e12,"type":"CE"})"),
      "strike: must be at most 10000000 (1 crore)");
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","price":1e308})"),
      "price: must be at most 10000000 (1 crore)");
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","oi":1e18})"),
      "oi: must be at most 10000000000 (10^10) units");
  EXPECT_EQ(
      detail_of(
          R"({"ts":1730379601,"symbol":"NIFTY","expiry":"2024-11-07","strike":24300,"type":"CE","volume":2000000000000})"),
      "volume: must be at most 1000000000000 (10^12) units");
  EXPECT_EQ(detail_of(R"({"ts":1730379601,"symbol":"NIFTY","price":20000000})"),
            "price: must be at most 10000000 (1 crore)");
  // The live window: 24 hours back, 2 minutes ahead of the server's clock.
  const LiveClock live{Timestamp{seconds{1730379700}}, LiveWindow{}};
  EXPECT_EQ(detail_of(ok, live), "accepted");
  EXPECT_EQ(detail_of(R"({"ts":1730379821,"symbol":"NIFTY","price":1})", live),
            "ts: 2024-10-31T13:03:41Z is more than 2 minutes ahead of the server's clock "
            "(2024-10-31T13:01:40Z)");
  EXPECT_EQ(detail_of(R"({"ts":1730293299,"symbol":"NIFTY","price":1})", live),
            "ts: 2024-10-30T13:01:39Z is more than 24 hours before the server's clock "
            "(2024-10-31T13:01:40Z); send history with strikeline import or POST /fo/ingest/bars");
  EXPECT_EQ(detail_of(R"({"ts":1730293300,"symbol":"NIFTY","price":1})", live), "accepted");
}

TEST(MarketBounds, BarsKeepTheBoundsAndLiveBarsTheClock) {
  const std::string header = "bucket_time,symbol,expiry,strike,call_oi_sum,put_oi_sum\n";
  const auto detail_of = [&](const std::string& row, std::optional<Timestamp> latest = {}) {
    BarReadOptions options;
    options.latest = latest;
    BarReadResult r = read_bars(header + row + "\n", BarFormat::csv, options);
    if (r.refused) return "refused: " + *r.refused;
    return r.rejected.empty() ? std::string("accepted") : r.rejected[0].detail;
  };
  EXPECT_EQ(detail_of("1420099200,NIFTY,2015-01-29,8300,5,6"), "accepted");  // 2015 history
  EXPECT_EQ(detail_of("1420099200,NIFTY,2014-12-25,8300,5,6"),
            "expiry: 2014-12-25 is before the data's own date (2015-01-01 IST): the contract had "
            "expired");
  EXPECT_EQ(detail_of("1730379600,NIFTY,2024-11-07,24300,20000000000,6"),
            "call_oi: must be at most 10000000000 (10^10) units");
  EXPECT_EQ(detail_of("1730379600,NIFTY,2024-11-07,24300000,5,6"),
            "strike: must be at most 10000000 (1 crore)");
  EXPECT_EQ(detail_of("2051222400,NIFTY,2035-01-31,24300,5,6", Timestamp{seconds{1730379700}}),
            "bucket_time: 2035-01-01T00:00:00Z starts after the server's clock allows "
            "(2024-10-31T13:01:40Z)");
  EXPECT_EQ(detail_of("2051222400,NIFTY,2035-01-31,24300,5,6"), "accepted");  // no live clock
}
