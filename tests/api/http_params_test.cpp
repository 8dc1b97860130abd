// Every parameter rule of API.md, over HTTP: accepted spellings echo their canonical form, anything
// malformed is a 400 JSON {"detail"} saying what is accepted, unknown parameters are ignored.
#include <gtest/gtest.h>

#include "fixtures/test_client.h"
#include "fixtures/test_server.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;

namespace {

class Params : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  Reply get(const std::string& target) { return TestClient(server_->port()).get(target); }
  // The 400's detail (and a check that it is one).
  std::string bad(const std::string& target) {
    Reply reply = get(target);
    EXPECT_EQ(reply.result_int(), 400u) << target << ": " << reply.body();
    EXPECT_EQ(reply[http::field::content_type], "application/json");
    json::object body = parse_json(reply).as_object();
    EXPECT_EQ(body.size(), 1u);
    return std::string(body["detail"].as_string());
  }
  json::object ok(const std::string& target) {
    Reply reply = get(target);
    EXPECT_EQ(reply.result_int(), 200u) << target << ": " << reply.body();
    return parse_json(reply).as_object();
  }
  static TestServer* server_;
};
TestServer* Params::server_ = nullptr;

std::string t(UtcSeconds s) {
  return std::to_string(epoch_seconds(s));
}

}  // namespace

TEST_F(Params, TimeframeSpellings) {
  const std::pair<const char*, const char*> cases[] = {
      {"1", "1min"},    {"1m", "1min"},     {"1min", "1min"},   {"3", "3min"},
      {"3m", "3min"},   {"3min", "3min"},   {"5", "5min"},      {"5m", "5min"},
      {"5min", "5min"}, {"15", "15min"},    {"15m", "15min"},   {"15min", "15min"},
      {"30", "30min"},  {"30m", "30min"},   {"30min", "30min"}, {"60", "1hour"},
      {"1h", "1hour"},  {"60min", "1hour"}, {"1hour", "1hour"}, {"1d", "1day"},
      {"D", "1day"},    {"1day", "1day"}};
  for (const auto& [spelling, canonical] : cases) {
    json::object body = ok(std::string("/fo/strike-distribution?timeframe=") + spelling);
    EXPECT_EQ(body["timeframe"].as_string(), canonical) << spelling;
  }
  // 5m means five minutes, never a month: the newest data (10:05 IST) is in the 5-minute bucket
  // of 10:05 and in the 15-minute bucket of 10:00.
  json::object five = ok("/fo/strike-distribution?timeframe=5m");
  ASSERT_EQ(five["series"].as_array().size(), 2u);
  EXPECT_EQ(five["series"].as_array()[0].as_object()["bucket_time"].as_int64(), epoch_seconds(kT1));
  json::object fifteen = ok("/fo/strike-distribution?timeframe=15m");
  EXPECT_EQ(fifteen["series"].as_array()[0].as_object()["bucket_time"].as_int64(),
            epoch_seconds(kT0));
  for (const char* invalid : {"2", "5mins", "1M", "month", "", "1w"}) {
    const std::string detail = bad(std::string("/fo/moneyness-series?timeframe=") + invalid);
    EXPECT_NE(detail.find("invalid timeframe"), std::string::npos) << detail;
    EXPECT_NE(detail.find("accepted 1, 1m, 1min, 3, 3m"), std::string::npos) << detail;
  }
}

TEST_F(Params, OptionSide) {
  EXPECT_EQ(ok("/fo/strike-distribution?option_side=call")["option_side"].as_string(), "call");
  EXPECT_EQ(bad("/fo/strike-distribution?option_side=CE"),
            "invalid option_side 'CE': accepted both, call, put");
  EXPECT_EQ(bad("/fo/moneyness-series?option_side=straddle"),
            "invalid option_side 'straddle': accepted both, call, put");
}

TEST_F(Params, Indicators) {
  for (const char* i : {"iv", "delta", "gamma", "theta", "vega", "oi", "oi_change", "volume", "pcr",
                        "pcr_volume", "premium"}) {
    EXPECT_EQ(ok(std::string("/fo/strike-distribution?indicator=") + i)["indicator"].as_string(),
              i);
  }
  EXPECT_EQ(bad("/fo/strike-distribution?indicator=rsi"),
            "unknown indicator 'rsi': supported iv, delta, gamma, theta, vega, oi, oi_change, "
            "volume, pcr, pcr_volume, premium");
}

TEST_F(Params, MillisecondTimesReadAsSeconds) {
  const std::string seconds =
      "/fo/moneyness-series?expiry=2025-11-04&from=" + t(kT0) + "&to=" + t(kT1);
  const std::string millis =
      "/fo/moneyness-series?expiry=2025-11-04&from=" + t(kT0) + "000&to=" + t(kT1) + "123";
  json::object a = ok(seconds), b = ok(millis);
  EXPECT_EQ(b["from"].as_int64(), epoch_seconds(kT0));
  EXPECT_EQ(b["to"].as_int64(), epoch_seconds(kT1));
  EXPECT_EQ(json::serialize(a["series"]), json::serialize(b["series"]));
  EXPECT_FALSE(a["series"].as_array().empty());
}

TEST_F(Params, TimeWindows) {
  EXPECT_EQ(bad("/fo/moneyness-series?from=" + t(kT1) + "&to=" + t(kT0)),
            "to (" + t(kT0) + ") is before from (" + t(kT1) + ")");
  EXPECT_EQ(bad("/fo/expiry-metrics?from=" + t(kT1) + "000&to=" + t(kT0) + "000"),
            "to (" + t(kT0) + ") is before from (" + t(kT1) + ")");
  EXPECT_NE(bad("/fo/strike-history?strike=24300&expiry=2025-11-04&from=yesterday")
                .find("invalid from 'yesterday'"),
            std::string::npos);
  EXPECT_NE(bad("/fo/moneyness-series?to=-5").find("invalid to"), std::string::npos);
  EXPECT_NE(bad("/fo/moneyness-series?timeframe=1m&from=0&to=" + t(kT1)).find("too long"),
            std::string::npos);
  EXPECT_NE(bad("/fo/strike-history?strike=24300&expiry=2025-11-04&hours=0").find("invalid hours"),
            std::string::npos);
}

TEST_F(Params, BucketTime) {
  EXPECT_EQ(ok("/fo/strike-distribution?bucket_time=" + t(kT0) + "500")["bucket_time"].as_int64(),
            epoch_seconds(kT0));
  EXPECT_NE(bad("/fo/strike-distribution?bucket_time=now").find("invalid bucket_time 'now'"),
            std::string::npos);
  // Before any data: an empty distribution, not an error.
  EXPECT_TRUE(ok("/fo/strike-distribution?bucket_time=1000")["series"].as_array().empty());
}

TEST_F(Params, StrikeRange) {
  EXPECT_EQ(ok("/fo/strike-distribution?strike_range=200")["strike_range"].as_int64(), 200);
  for (const char* invalid : {"0", "201", "-1", "1.5", "ten"}) {
    EXPECT_NE(
        bad(std::string("/fo/strike-distribution?strike_range=") + invalid).find("0 < N <= 200"),
        std::string::npos)
        << invalid;
  }
}

TEST_F(Params, ExpirySpecs) {
  json::object body =
      ok("/fo/strike-distribution?expiry[]=2025-11-11&expiry=2025-11-04,NMonth%2B0");
  EXPECT_EQ(json::serialize(body["expiries"]), R"(["2025-11-04","2025-11-11","2025-11-25"])");
  EXPECT_EQ(body["series"].as_array().size(), 3u);
  for (const char* invalid : {"2025-11-31", "tomorrow", "NWeek-1", "2025-11-04,"}) {
    EXPECT_NE(bad(std::string("/fo/strike-distribution?expiry=") + invalid)
                  .find("accepted YYYY-MM-DD dates or relative labels"),
              std::string::npos)
        << invalid;
  }
}

TEST_F(Params, SymbolAliases) {
  EXPECT_EQ(ok("/fo/expiries?symbol=NIFTY%2050")["symbol"].as_string(), "NIFTY");
  EXPECT_EQ(ok("/fo/expiries?symbol=NSE:NIFTY")["symbol"].as_string(), "NIFTY");
  EXPECT_EQ(ok("/fo/expiries?symbol=bank+nifty")["symbol"].as_string(), "BANKNIFTY");
  EXPECT_NE(bad("/fo/expiries?symbol=%3Cscript%3E").find("invalid symbol '<script>'"),
            std::string::npos);
}

// Symbols come from the data: a stock stored beside NIFTY is served and listed with its kind; a
// well-formed name with no data is a 400 naming what is stored, except the five default indices
// (always known: an empty answer).
TEST(Symbols, StoredSymbolsAreServedAndListedUnknownAreRefused) {
  auto chain = sample_chain();
  const Expiry nov27 = std::chrono::sys_days{std::chrono::year{2025} / 11 / 27};
  StrikeBar stock = bar_at("RELIANCE", nov27, 1300, Timeframe::m5, kT0, 1297.5);
  stock.call = with_oi({}, 500 * 1000);
  chain->add(stock);
  // Lots as of today (kNow, 2025-11-04): NIFTY's monthly recorded at 25 then 75 from the 5th (not
  // yet), RELIANCE at 500; the NIFTY weeklies have no lot stored: the default, 65.
  const Expiry nov25 = std::chrono::sys_days{std::chrono::year{2025} / 11 / 25};
  const Date nov3 = std::chrono::sys_days{std::chrono::year{2025} / 11 / 3};
  TestServer server(
      test_config(),
      [&](ServiceContext& context, Router&) {
        context.contract_specs.set_lot({"NIFTY", nov25, nov3, 25});
        context.contract_specs.set_lot({"NIFTY", nov25, nov3 + std::chrono::days{2}, 75});
        context.contract_specs.set_lot({"RELIANCE", nov27, nov3, 500});
      },
      chain);
  TestClient client(server.port());
  Reply listed = client.get("/fo/symbols");
  ASSERT_EQ(listed.result_int(), 200u) << listed.body();
  EXPECT_EQ(
      listed.body(),
      R"({"status":"ok","symbols":[)"
      R"({"symbol":"NIFTY","kind":"index","expiries":["2025-11-04","2025-11-11","2025-11-25"],)"
      R"("lot_sizes":{"2025-11-04":65,"2025-11-11":65,"2025-11-25":25}},)"
      R"({"symbol":"RELIANCE","kind":"stock","expiries":["2025-11-27"],)"
      R"("lot_sizes":{"2025-11-27":500}}]})");
  Reply expiries = client.get("/fo/expiries?symbol=nse:reliance");
  ASSERT_EQ(expiries.result_int(), 200u) << expiries.body();
  EXPECT_EQ(parse_json(expiries).as_object()["symbol"].as_string(), "RELIANCE");
  Reply oi = client.get("/fo/strike-distribution?symbol=RELIANCE&indicator=oi&expiry=2025-11-27");
  ASSERT_EQ(oi.result_int(), 200u) << oi.body();
  json::object series = parse_json(oi).as_object()["series"].as_array().at(0).as_object();
  EXPECT_EQ(series["points"].as_array().at(0).as_object()["call_oi"].to_number<double>(), 500000.0);

  Reply unknown = client.get("/fo/strike-distribution?symbol=HDFCBANK");
  EXPECT_EQ(unknown.result_int(), 400u);
  EXPECT_EQ(parse_json(unknown).as_object()["detail"].as_string(),
            "unknown symbol 'HDFCBANK': no data is stored for it; stored: NIFTY, RELIANCE; "
            "GET /fo/symbols lists them");
  Reply index_without_data = client.get("/fo/expiries?symbol=BANKNIFTY");
  EXPECT_EQ(index_without_data.result_int(), 200u);
  EXPECT_EQ(parse_json(index_without_data).as_object()["expiries"].as_array().size(), 0u);
}

TEST_F(Params, StrikeHistoryRequirements) {
  EXPECT_EQ(bad("/fo/strike-history?expiry=2025-11-04"),
            "strike is required: a strike price such as 24350");
  EXPECT_NE(bad("/fo/strike-history?strike=24300").find("exactly one expiry"), std::string::npos);
  EXPECT_NE(bad("/fo/strike-history?strike=abc&expiry=2025-11-04").find("invalid strike 'abc'"),
            std::string::npos);
}

TEST_F(Params, UnknownParametersAreIgnored) {
  json::object plain = ok("/fo/strike-distribution");
  json::object extra = ok("/fo/strike-distribution?foo=bar&limit=5&symbol=NIFTY&debug");
  EXPECT_EQ(json::serialize(plain), json::serialize(extra));
}

TEST_F(Params, MalformedTargetIs400) {
  EXPECT_NE(bad("/fo/expiries?symbol=%zz").find("malformed request target"), std::string::npos);
}
