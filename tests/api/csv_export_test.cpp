// format=csv on /fo/strike-history and /fo/moneyness-series, against the JSON answer to the same
// request on a real server fed a sparse market (tests/lib/sparse_market.h): the header comments,
// one record per candle or point, every column equal to its JSON field (empty where JSON has null),
// the IST wall clock computed here from the epoch seconds; a bad format is a 400 with its detail.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <ctime>
#include <sstream>

#include "../lib/sparse_market.h"
#include "feed/tick_writer.h"
#include "fixtures/live_server.h"
#include "fixtures/test_client.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace strikeline::sparse_market;
namespace json = boost::json;

namespace {

struct Csv {
  std::map<std::string, std::string> comments;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> records;
};

// A plain reader for the server's CSV (no quoted fields occur in these answers).
Csv parse_csv(const std::string& body) {
  Csv csv;
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("# ")) {
      const auto colon = line.find(": ");
      csv.comments[line.substr(2, colon - 2)] = line.substr(colon + 2);
      continue;
    }
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto comma = line.find(',', start);
      fields.push_back(line.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (csv.columns.empty()) {
      csv.columns = std::move(fields);
    } else {
      csv.records.push_back(std::move(fields));
    }
  }
  return csv;
}

// "2026-11-30 09:15:00" for an epoch second, by the C library (IST = UTC + 5:30).
std::string ist_clock(std::int64_t epoch) {
  const std::time_t t = static_cast<std::time_t>(epoch + 19800);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// A CSV field against a JSON value: empty for null, else the same number.
void expect_field(const std::string& field, const json::value& v, const std::string& where) {
  if (v.is_null()) {
    EXPECT_EQ(field, "") << where;
  } else {
    ASSERT_FALSE(field.empty()) << where;
    EXPECT_EQ(std::stod(field), v.to_number<double>()) << where;
  }
}

}  // namespace

TEST(CsvExport, StrikeHistoryAndMoneynessSeriesEqualTheirJson) {
  const Market market = generate(23);
  // The server's clock just after the third day's session, its ingest reaching back over the days.
  HistoryLiveServer server(Timestamp{ist_at(kMarketDay3, 16, 0)}, std::chrono::hours{24 * 4});
  const std::vector<MarketEvent> events = events_of(market);
  for (std::size_t i = 0; i < events.size(); i += 500) {
    const std::size_t n = std::min<std::size_t>(500, events.size() - i);
    TestClient client(server.port());
    Reply r = client.request(http::verb::post, "/fo/ingest/ticks",
                             {{"Content-Type", "application/x-ndjson"}},
                             write_ticks_ndjson(std::span(events).subspan(i, n)));
    ASSERT_EQ(r.result_int(), 200u) << r.body();
  }
  const std::string expiry = format_date(kMarketExpiry);
  const std::string window = "&from=" + std::to_string(epoch_seconds(ist_at(kMarketDay1, 9, 15))) +
                             "&to=" + std::to_string(epoch_seconds(ist_at(kMarketDay2, 10, 7, 30)));
  const std::int64_t strike = market.ticks.front().strike;

  // Strike history: one record per candle, call_/put_ columns.
  const std::string history = "/fo/strike-history?symbol=NIFTY&timeframe=15min&expiry=" + expiry +
                              "&strike=" + std::to_string(strike) + window;
  TestClient client(server.port());
  Reply as_json = client.get(history);
  ASSERT_EQ(as_json.result_int(), 200u) << as_json.body();
  Reply as_csv = client.get(history + "&format=csv");
  ASSERT_EQ(as_csv.result_int(), 200u) << as_csv.body();
  EXPECT_EQ(as_csv[http::field::content_type], "text/csv; charset=utf-8");
  const json::object doc = json::parse(as_json.body()).as_object();
  const Csv csv = parse_csv(as_csv.body());
  EXPECT_EQ(csv.comments.at("symbol"), "NIFTY");
  EXPECT_EQ(csv.comments.at("expiry"), expiry);
  EXPECT_EQ(csv.comments.at("timeframe"), "15min");
  EXPECT_EQ(std::stod(csv.comments.at("strike")), static_cast<double>(strike));
  EXPECT_EQ(csv.comments.at("to"), std::to_string(doc.at("to").as_int64()));
  const json::array& candles = doc.at("candles").as_array();
  ASSERT_GT(candles.size(), 10u);
  ASSERT_EQ(csv.records.size(), candles.size());
  const std::vector<std::string> side_fields{
      "open", "high",  "low",   "close", "volume", "oi",         "oi_change",
      "iv",   "delta", "gamma", "theta", "vega",   "last_price", "observed_at"};
  std::vector<std::string> want_columns{"time", "underlying"};
  for (std::string side : {"call", "put"}) {
    for (const std::string& f : side_fields) want_columns.push_back(side + "_" + f);
  }
  for (std::string c : {"total_oi", "total_volume", "time_ist"}) want_columns.push_back(c);
  ASSERT_EQ(csv.columns, want_columns);
  std::size_t nulls = 0;
  for (std::size_t i = 0; i < candles.size(); ++i) {
    const json::object& c = candles[i].as_object();
    const std::vector<std::string>& r = csv.records[i];
    ASSERT_EQ(r.size(), want_columns.size()) << "record " << i;
    const std::string where = "candle " + std::to_string(i);
    expect_field(r[0], c.at("time"), where + " time");
    expect_field(r[1], c.at("underlying"), where + " underlying");
    std::size_t k = 2;
    for (std::string side : {"call", "put"}) {
      for (const std::string& f : side_fields) {
        const json::value& v = c.at(side).as_object().at(f);
        nulls += v.is_null();
        expect_field(r[k++], v, where + " " + side + "_" + f);
      }
    }
    expect_field(r[k++], c.at("oi").as_object().at("total"), where + " total_oi");
    expect_field(r[k++], c.at("volume").as_object().at("total"), where + " total_volume");
    EXPECT_EQ(r[k], ist_clock(c.at("time").as_int64())) << where;
  }
  EXPECT_GT(nulls, 0u) << "the sparse market leaves some candles without trades";

  // Moneyness series: one record per point.
  const std::string series =
      "/fo/moneyness-series?symbol=NIFTY&timeframe=5min&indicator=oi&expiry=" + expiry + window;
  Reply series_json = client.get(series);
  Reply series_csv = client.get(series + "&format=csv");
  ASSERT_EQ(series_json.result_int(), 200u) << series_json.body();
  ASSERT_EQ(series_csv.result_int(), 200u) << series_csv.body();
  const json::object sdoc = json::parse(series_json.body()).as_object();
  const Csv scsv = parse_csv(series_csv.body());
  EXPECT_EQ(scsv.comments.at("indicator"), "oi");
  ASSERT_EQ(scsv.columns,
            (std::vector<std::string>{"expiry", "bucket", "time", "value", "time_ist"}));
  std::size_t row = 0;
  for (const json::value& line : sdoc.at("series").as_array()) {
    const json::object& l = line.as_object();
    for (const json::value& p : l.at("points").as_array()) {
      ASSERT_LT(row, scsv.records.size());
      const std::vector<std::string>& r = scsv.records[row++];
      EXPECT_EQ(r[0], std::string(l.at("expiry").as_string()));
      EXPECT_EQ(r[1], std::string(l.at("bucket").as_string()));
      expect_field(r[2], p.as_object().at("time"), "time");
      expect_field(r[3], p.as_object().at("value"), "value");
      EXPECT_EQ(r[4], ist_clock(p.as_object().at("time").as_int64()));
    }
  }
  EXPECT_EQ(row, scsv.records.size());
  EXPECT_GT(row, 50u);

  // A format the server does not write: 400 naming the parameter, for both.
  for (const std::string& target : {history, series}) {
    Reply bad = client.get(target + "&format=xlsx");
    EXPECT_EQ(bad.result_int(), 400u) << target;
    const json::object detail = json::parse(bad.body()).as_object();
    EXPECT_NE(std::string(detail.at("detail").as_string()).find("format"), std::string::npos);
  }
}
