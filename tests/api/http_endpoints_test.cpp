// Golden tests of every endpoint over HTTP against the sample chain (fixtures/sample_chain.h),
// expected values computed by hand from the chain's numbers.
#include <gtest/gtest.h>

#include <mutex>

#include "fixtures/test_client.h"
#include "fixtures/test_server.h"
#include "store/chain_store.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;

namespace {

class Endpoints : public ::testing::Test {
 protected:
  // Without the response cache: every answer here is computed.
  static void SetUpTestSuite() {
    ServerConfig config = test_config();
    config.response_cache_entries = 0;
    server_ = new TestServer(config);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  json::object get_ok(const std::string& target) {
    TestClient client(server_->port());
    Reply reply = client.get(target);
    EXPECT_EQ(reply.result_int(), 200u) << target << ": " << reply.body();
    EXPECT_EQ(reply[http::field::content_type], "application/json");
    return parse_json(reply).as_object();
  }
  static TestServer* server_;
};
TestServer* Endpoints::server_ = nullptr;

double num(const json::value& v) {
  return v.to_number<double>();
}
std::int64_t epoch(UtcSeconds t) {
  return epoch_seconds(t);
}
std::string str(const json::value& v) {
  return std::string(v.as_string());
}

}  // namespace

TEST_F(Endpoints, StrikeDistributionDefaults) {
  // Today is 2025-11-04: the next two unexpired expiries are Nov 4 and Nov 11; 5min, iv, +-10.
  json::object body = get_ok("/fo/strike-distribution");
  EXPECT_EQ(str(body["status"]), "ok");
  EXPECT_EQ(str(body["symbol"]), "NIFTY");
  EXPECT_EQ(str(body["timeframe"]), "5min");
  EXPECT_EQ(str(body["indicator"]), "iv");
  json::array& series = body["series"].as_array();
  ASSERT_EQ(series.size(), 2u);

  // As of now (10:30 IST): the chain's state, from the newest bucket's data.
  EXPECT_TRUE(body["bucket_time"].is_null());
  EXPECT_EQ(body["as_of"].as_int64(), epoch(floor_seconds(kNow)));
  json::object& nov4 = series[0].as_object();
  EXPECT_EQ(str(nov4["expiry"]), "2025-11-04");
  EXPECT_EQ(nov4["bucket_time"].as_int64(), epoch(kT1));
  EXPECT_EQ(nov4["as_of"].as_int64(), epoch(floor_seconds(kNow)));
  // Every strike observed at its minute's end; T0's sides are the stalest shown.
  EXPECT_EQ(nov4["oldest_observation"].as_int64(), epoch(kT1) + 60);
  EXPECT_EQ(num(nov4["underlying"]), 24375.0);
  EXPECT_EQ(num(nov4["atm_strike"]), 24350.0);  // halfway between 24350 and 24400: the lower
  json::array& points = nov4["points"].as_array();
  ASSERT_EQ(points.size(), 4u);
  json::object& p0 = points[0].as_object();
  EXPECT_EQ(num(p0["strike"]), 24300.0);
  EXPECT_EQ(num(p0["value"]), 21.0);  // (20 + 22) / 2
  EXPECT_EQ(num(p0["call"]), 20.0);
  EXPECT_EQ(num(p0["put"]), 22.0);
  EXPECT_EQ(num(p0["call_oi"]), 100.0);
  EXPECT_EQ(num(p0["put_oi"]), 50.0);
  EXPECT_EQ(str(p0["moneyness"]), "ITM1");  // one listed strike below ATM
  EXPECT_EQ(p0["bucket_time"].as_int64(), epoch(kT1));
  json::object& p1 = points[1].as_object();
  EXPECT_EQ(num(p1["value"]), 19.0);  // no put: the call alone, not (19 + 0) / 2
  EXPECT_TRUE(p1["put"].is_null());
  EXPECT_EQ(num(p1["put_oi"]), 0.0);  // always a number
  EXPECT_EQ(str(p1["moneyness"]), "ATM");
  EXPECT_EQ(str(points[2].as_object()["moneyness"]), "OTM1");
  EXPECT_EQ(num(points[2].as_object()["value"]), 17.5);
  EXPECT_EQ(str(points[3].as_object()["moneyness"]), "OTM2");

  // Nov 11 is served from its own bucket and its own underlying: 24426 -> ATM 24450.
  json::object& nov11 = series[1].as_object();
  EXPECT_EQ(str(nov11["expiry"]), "2025-11-11");
  EXPECT_EQ(nov11["bucket_time"].as_int64(), epoch(kT0));
  EXPECT_EQ(num(nov11["atm_strike"]), 24450.0);
}

TEST_F(Endpoints, StrikeDistributionAsOfWithOiAndRange) {
  // As of T0's minute end (plus 999 ms), before T1: T0's state.
  const std::string ms = std::to_string((epoch(kT0) + 60) * 1000 + 999);
  json::object body = get_ok(
      "/fo/strike-distribution?symbol=NIFTY50&timeframe=5m&indicator=oi&expiry=2025-11-04"
      "&strike_range=1&bucket_time=" +
      ms);
  EXPECT_EQ(str(body["symbol"]), "NIFTY");
  EXPECT_EQ(str(body["timeframe"]), "5min");
  json::object& s = body["series"].as_array()[0].as_object();
  EXPECT_EQ(s["bucket_time"].as_int64(), epoch(kT0));
  EXPECT_EQ(num(s["atm_strike"]), 24350.0);  // 24374 / 50 = 487.48
  json::array& points = s["points"].as_array();
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(num(points[0].as_object()["value"]), 150.0);  // 100 + 50
  EXPECT_EQ(num(points[1].as_object()["value"]), 200.0);  // 200 + nothing
  EXPECT_EQ(num(points[2].as_object()["value"]), 900.0);  // 300 + 600
  EXPECT_EQ(str(points[0].as_object()["moneyness"]), "ITM1");
  EXPECT_EQ(s["as_of"].as_int64(), epoch(kT0) + 60);
  // At T0 itself nothing is observed yet (T0's bars count at their minute's end).
  body = get_ok("/fo/strike-distribution?expiry=2025-11-04&at=" + std::to_string(epoch(kT0)));
  EXPECT_TRUE(body["series"].as_array().empty());
  // The same moment as an IST wall-clock time.
  body = get_ok("/fo/strike-distribution?expiry=2025-11-04&indicator=oi&at=2025-11-04T10:01:30");
  EXPECT_EQ(body["as_of"].as_int64(), epoch(kT0) + 90);
  EXPECT_EQ(num(body["series"].as_array()[0].as_object()["atm_strike"]), 24350.0);
}

TEST_F(Endpoints, StrikeDistributionRelativeLabelsAndGamma) {
  json::object body =
      get_ok("/fo/strike-distribution?expiry=NWeek+0&expiry=NMonth%2B0&indicator=gamma");
  json::array& series = body["series"].as_array();
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(str(series[0].as_object()["expiry"]), "2025-11-04");
  EXPECT_EQ(str(series[1].as_object()["expiry"]), "2025-11-25");
  // Nov 25's underlying 24500 would be ATM 24500, which the chain lacks: the nearest is 24450.
  EXPECT_EQ(num(series[1].as_object()["atm_strike"]), 24450.0);
  json::object& p0 = series[0].as_object()["points"].as_array()[0].as_object();
  EXPECT_EQ(num(p0["call"]), 0.001235);  // 0.00123456789 to 6 decimals
  EXPECT_EQ(num(p0["value"]), 0.001235);
  EXPECT_EQ(num(series[0].as_object()["points"].as_array()[2].as_object()["value"]), 0.001);
}

TEST_F(Endpoints, StrikeDistributionWithoutDataIsEmpty) {
  json::object body = get_ok("/fo/strike-distribution?symbol=BANKNIFTY");
  EXPECT_EQ(str(body["symbol"]), "BANKNIFTY");
  EXPECT_TRUE(body["series"].as_array().empty());
  body = get_ok("/fo/strike-distribution?expiry=NWeek%2B7");
  EXPECT_TRUE(body["series"].as_array().empty());
}

TEST_F(Endpoints, MoneynessSeriesLabelsPerBucket) {
  json::object body = get_ok(
      "/fo/moneyness-series?indicator=iv&expiry=2025-11-04&from=" + std::to_string(epoch(kT0)) +
      "&to=" + std::to_string(epoch(kT1) + 299));
  EXPECT_EQ(str(body["indicator"]), "iv");
  json::array& series = body["series"].as_array();
  std::vector<std::string> labels;
  for (auto& s : series) labels.push_back(str(s.as_object()["bucket"]));
  // ATM is 24350 in both buckets (24374; 24375 halfway: the lower).
  EXPECT_EQ(labels, (std::vector<std::string>{"ITM1", "ATM", "OTM1", "OTM2"}));
  auto points = [&](std::size_t i) {
    std::vector<std::pair<std::int64_t, double>> out;
    for (auto& p : series[i].as_object()["points"].as_array()) {
      out.emplace_back(p.as_object()["time"].as_int64(), num(p.as_object()["value"]));
    }
    return out;
  };
  using P = std::vector<std::pair<std::int64_t, double>>;
  EXPECT_EQ(points(0), (P{{epoch(kT0), 21}, {epoch(kT1), 21}}));
  EXPECT_EQ(points(1), (P{{epoch(kT0), 19}, {epoch(kT1), 19}}));
  EXPECT_EQ(points(2), (P{{epoch(kT0), 17.5}, {epoch(kT1), 17.5}}));
  EXPECT_EQ(points(3), (P{{epoch(kT0), 16.5}, {epoch(kT1), 16.5}}));
  EXPECT_EQ(str(series[0].as_object()["expiry"]), "2025-11-04");
  EXPECT_EQ(series[0].as_object()["oldest_observation"].as_int64(), epoch(kT0) + 60);
}

TEST_F(Endpoints, MoneynessSeriesPutsReversedAndDefaultWindow) {
  const std::string t0 = std::to_string(epoch(kT0));
  json::object body = get_ok("/fo/moneyness-series?option_side=put&expiry=2025-11-04&from=" + t0 +
                             "&to=" + std::to_string(epoch(kT0) + 299));
  std::vector<std::pair<std::string, double>> got;
  for (auto& s : body["series"].as_array()) {
    got.emplace_back(str(s.as_object()["bucket"]),
                     num(s.as_object()["points"].as_array()[0].as_object()["value"]));
  }
  // 24450 (+2 steps) is an ITM2 put, 24400 ITM1, 24300 (-1) OTM1; 24350 has no put.
  EXPECT_EQ(
      got, (std::vector<std::pair<std::string, double>>{{"ITM2", 16}, {"ITM1", 17}, {"OTM1", 22}}));

  body = get_ok("/fo/moneyness-series");
  EXPECT_EQ(body["to"].as_int64(), epoch(kT1));  // the newest bar
  EXPECT_EQ(body["from"].as_int64(), epoch(kT1) - 6 * 3600);
  EXPECT_EQ(body["expiries"].as_array().size(), 2u);
  EXPECT_FALSE(body["series"].as_array().empty());
}

TEST_F(Endpoints, MoneynessSeriesOiSums) {
  const std::string t1 = std::to_string(epoch(kT1));
  json::object body = get_ok("/fo/moneyness-series?indicator=oi&expiry=2025-11-04&from=" + t1 +
                             "&to=" + std::to_string(epoch(kT1) + 299));
  std::vector<std::pair<std::string, double>> got;
  for (auto& s : body["series"].as_array()) {
    got.emplace_back(str(s.as_object()["bucket"]),
                     num(s.as_object()["points"].as_array()[0].as_object()["value"]));
  }
  // T1, ATM 24350: ITM1 24300 (150), ATM 24350 (200), OTM1 24400 (900), OTM2 24450 (1200).
  EXPECT_EQ(got, (std::vector<std::pair<std::string, double>>{
                     {"ITM1", 150}, {"ATM", 200}, {"OTM1", 900}, {"OTM2", 1200}}));
  // `to` is the moment asked about: as of T1 itself T1's minute is not observed yet, so its
  // point shows T0's state (the same numbers here) and its flows nothing.
  body = get_ok("/fo/moneyness-series?indicator=volume&expiry=2025-11-04&from=" + t1 + "&to=" + t1);
  ASSERT_FALSE(body["series"].as_array().empty());
  for (auto& s : body["series"].as_array()) {
    EXPECT_EQ(num(s.as_object()["points"].as_array()[0].as_object()["value"]), 0.0);
  }
}

TEST_F(Endpoints, StrikeHistoryCandles) {
  json::object body = get_ok("/fo/strike-history?strike=24300&expiry=2025-11-04");
  EXPECT_EQ(num(body["strike"]), 24300.0);
  EXPECT_EQ(str(body["expiry"]), "2025-11-04");
  EXPECT_EQ(str(body["timeframe"]), "5min");
  EXPECT_EQ(body["to"].as_int64(), epoch(kT1));
  EXPECT_EQ(body["from"].as_int64(), epoch(kT1) - 24 * 3600);
  json::array& candles = body["candles"].as_array();
  ASSERT_EQ(candles.size(), 2u);
  json::object& c = candles[0].as_object();
  EXPECT_EQ(c["time"].as_int64(), epoch(kT0));
  EXPECT_EQ(num(c["underlying"]), 24374.0);
  EXPECT_EQ(num(c["call"].as_object()["close"]), 100.0);
  EXPECT_EQ(num(c["call"].as_object()["oi"]), 100.0);
  EXPECT_EQ(num(c["put"].as_object()["iv"]), 22.0);
  EXPECT_EQ(num(c["greeks"].as_object()["call_gamma"]), 0.001235);
  EXPECT_EQ(num(c["greeks"].as_object()["put_iv"]), 22.0);
  EXPECT_EQ(num(c["oi"].as_object()["total"]), 150.0);
  EXPECT_EQ(num(c["volume"].as_object()["call"]), 10.0);
  EXPECT_EQ(num(c["volume"].as_object()["total"]), 15.0);
  EXPECT_EQ(num(candles[1].as_object()["underlying"]), 24375.0);

  // A strike without put data: put fields null, OI totals count it as 0.
  body = get_ok("/fo/strike-history?strike=24350&expiry=2025-11-04&from=" +
                std::to_string(epoch(kT0)) + "&to=" + std::to_string(epoch(kT0) + 299));
  json::object& d = body["candles"].as_array()[0].as_object();
  EXPECT_TRUE(d["put"].as_object()["oi"].is_null());
  EXPECT_EQ(num(d["oi"].as_object()["put"]), 0.0);
  EXPECT_EQ(num(d["oi"].as_object()["total"]), 200.0);
  EXPECT_EQ(num(d["call"].as_object()["last_price"]), 70.0);
  EXPECT_EQ(d["call"].as_object()["observed_at"].as_int64(), epoch(kT0) + 60);
}

TEST_F(Endpoints, ExpiryMetricsPerBucket) {
  json::object body = get_ok("/fo/expiry-metrics");  // default: the next unexpired, Nov 4
  EXPECT_EQ(str(body["expiry"]), "2025-11-04");
  json::array& points = body["points"].as_array();
  ASSERT_EQ(points.size(), 2u);
  json::object& p = points[0].as_object();
  EXPECT_EQ(p["time"].as_int64(), epoch(kT0));
  EXPECT_EQ(num(p["total_call_oi"]), 1000.0);
  EXPECT_EQ(num(p["total_put_oi"]), 1450.0);
  EXPECT_EQ(num(p["pcr"]), 1.45);
  EXPECT_EQ(num(p["total_call_volume"]), 40.0);
  EXPECT_EQ(num(p["total_put_volume"]), 15.0);
  EXPECT_EQ(num(p["pcr_volume"]), 0.375);
  // Pain at 24300: 600*100 + 800*150 = 180000; 24350: 100*50 + 600*50 + 800*100 = 115000;
  // 24400: 100*100 + 200*50 + 800*50 = 60000; 24450: 100*150 + 200*100 + 300*50 = 50000.
  EXPECT_EQ(num(p["max_pain"]), 24450.0);
  EXPECT_EQ(num(p["atm_strike"]), 24350.0);
  EXPECT_EQ(num(p["atm_iv"]), 19.0);         // the put at 24350 has no IV
  EXPECT_TRUE(p["atm_straddle"].is_null());  // nor a premium
  json::object& q = points[1].as_object();
  EXPECT_EQ(num(q["atm_strike"]), 24350.0);  // 24375: halfway, the lower
  EXPECT_EQ(num(q["atm_iv"]), 19.0);
  EXPECT_EQ(q["oldest_observation"].as_int64(), epoch(kT1) + 60);

  // Nov 11 (24426, ATM 24450): the straddle is both sides' last traded prices, 25 + 90.
  body = get_ok("/fo/expiry-metrics?expiry=2025-11-11");
  json::object& r = body["points"].as_array()[0].as_object();
  EXPECT_EQ(num(r["atm_strike"]), 24450.0);
  EXPECT_EQ(num(r["atm_iv"]), 16.5);  // (17 + 16) / 2
  EXPECT_EQ(num(r["atm_straddle"]), 115.0);
}

TEST_F(Endpoints, Expiries) {
  json::object body = get_ok("/fo/expiries?symbol=nifty");
  EXPECT_EQ(str(body["symbol"]), "NIFTY");
  EXPECT_EQ(json::serialize(body["expiries"]), R"(["2025-11-04","2025-11-11","2025-11-25"])");
  json::array& details = body["details"].as_array();
  ASSERT_EQ(details.size(), 3u);
  EXPECT_EQ(str(details[0].as_object()["label"]), "NWeek+0");
  EXPECT_EQ(details[0].as_object()["days_to_expiry"].as_int64(), 0);
  EXPECT_FALSE(details[0].as_object()["is_monthly"].as_bool());
  EXPECT_EQ(str(details[2].as_object()["label"]), "NWeek+2");
  EXPECT_EQ(details[2].as_object()["days_to_expiry"].as_int64(), 21);
  EXPECT_TRUE(details[2].as_object()["is_monthly"].as_bool());
}

TEST_F(Endpoints, Indicators) {
  json::object body = get_ok("/fo/indicators");
  json::array& panels = body["indicators"].as_array();
  ASSERT_FALSE(panels.empty());
  bool iv_by_moneyness = false;
  for (auto& p : panels) {
    json::object& o = p.as_object();
    for (const char* key : {"id", "label", "indicator", "orientation", "default"}) {
      EXPECT_TRUE(o.contains(key)) << key;
    }
    if (str(o["id"]) == "iv_moneyness") {
      iv_by_moneyness = true;
      EXPECT_EQ(str(o["orientation"]), "horizontal");
      EXPECT_TRUE(o["default"].as_bool());
    }
  }
  EXPECT_TRUE(iv_by_moneyness);
}

TEST_F(Endpoints, HealthWhileHealthy) {
  json::object body = get_ok("/health");
  EXPECT_EQ(str(body["status"]), "healthy");
  EXPECT_EQ(str(body["database"]), "healthy");
  EXPECT_EQ(str(body["version"]), STRIKELINE_VERSION);
  EXPECT_GE(num(body["uptime"]), 0.0);
  EXPECT_EQ(body["newest_bar_time"].as_int64(), epoch(kT1));
  EXPECT_FALSE(body["simulated"].as_bool());
  EXPECT_EQ(str(body["feed"].as_object()["state"]), "idle");
  EXPECT_FALSE(body.contains("writer"));  // not a writer under fail-over
}

// Writer fail-over (issue 23): a PostgreSQL writer's /health says whether it leads or follows, the
// lease term, its id, the leader's and its takeovers, as the role callback reports them.
TEST(Health, WriterRoleLeaderOrFollower) {
  std::mutex mutex;  // the server's thread reads the role the test changes
  WriterRole role;
  role.leader = false;
  role.term = 7;
  role.id = "db1:4242:0a1b";
  role.leader_id = "db2:17:ffff";
  role.takeovers = 2;
  TestServer server(test_config(), [&](ServiceContext& context, Router&) {
    context.writer_role = [&]() -> std::optional<WriterRole> {
      std::lock_guard lock(mutex);
      return role;
    };
  });
  TestClient client(server.port());
  Reply reply = client.get("/health");
  EXPECT_EQ(reply.result_int(), 200u);  // a follower is healthy
  json::object body = parse_json(reply).as_object();
  EXPECT_EQ(json::serialize(body["writer"]),
            R"({"role":"follower","term":7,"id":"db1:4242:0a1b","leader":"db2:17:ffff",)"
            R"("takeovers":2})");
  {
    std::lock_guard lock(mutex);
    role.leader = true;
    role.term = 8;
    role.leader_id = role.id;
    role.takeovers = 3;
  }
  body = parse_json(client.get("/health")).as_object();
  json::object& writer = body["writer"].as_object();
  EXPECT_EQ(str(writer["role"]), "leader");
  EXPECT_EQ(writer["term"].as_int64(), 8);
  EXPECT_EQ(str(writer["leader"]), "db1:4242:0a1b");
  EXPECT_EQ(writer["takeovers"].as_int64(), 3);
}

TEST(Health, UnhealthyStorageIs503NamingIt) {
  TestServer server(test_config(), [](ServiceContext& context, Router&) {
    context.storage_health = [] { return RepositoryHealth{false, "database file is locked"}; };
    context.feed_status = [] { return FeedStatus{"simulator", "running", true, true, ""}; };
  });
  TestClient client(server.port());
  Reply reply = client.get("/health");
  EXPECT_EQ(reply.result_int(), 503u);
  json::object body = parse_json(reply).as_object();
  EXPECT_EQ(body["status"].as_string(), "unhealthy");
  EXPECT_EQ(body["database"].as_string(), "unhealthy");
  EXPECT_EQ(json::serialize(body["failing"]), R"(["database"])");
  EXPECT_EQ(body["detail"].as_string(), "database: database file is locked");
  EXPECT_TRUE(body["simulated"].as_bool());
  EXPECT_EQ(body["feed"].as_object()["source"].as_string(), "simulator");
}

TEST(Health, AReplicaSaysWhatItFollowsAndItsLag) {
  std::optional<ReplicaStatus> status = ReplicaStatus{true, true, 0.2345, 42};
  TestServer server(test_config(), [&](ServiceContext& context, Router&) {
    context.replica_status = [&] { return status; };
  });
  TestClient client(server.port());
  json::object replica = parse_json(client.get("/health")).as_object()["replica"].as_object();
  EXPECT_EQ(replica["database"].as_string(), "standby");
  EXPECT_TRUE(replica["following"].as_bool());
  EXPECT_EQ(replica["lag_seconds"].as_double(), 0.235);  // to the millisecond
  EXPECT_EQ(replica["change_seq"].as_int64(), 42);
  status = ReplicaStatus{false, false, std::nullopt, std::nullopt};  // on the primary, nothing yet
  replica = parse_json(client.get("/health")).as_object()["replica"].as_object();
  EXPECT_EQ(replica["database"].as_string(), "primary");
  EXPECT_FALSE(replica["following"].as_bool());
  EXPECT_TRUE(replica["lag_seconds"].is_null());
  EXPECT_TRUE(replica["change_seq"].is_null());
  status.reset();  // not a replica: no "replica"
  EXPECT_FALSE(parse_json(client.get("/health")).as_object().contains("replica"));
}

TEST(Health, NoSnapshotMeansNotReady) {
  TestServer server(test_config(), {}, nullptr);
  TestClient client(server.port());
  Reply health = client.get("/health");
  EXPECT_EQ(health.result_int(), 503u);
  EXPECT_EQ(parse_json(health).as_object()["failing"].as_array()[0].as_string(), "chain_store");
  Reply data = client.get("/fo/strike-distribution");
  EXPECT_EQ(data.result_int(), 503u);
  EXPECT_EQ(parse_json(data).as_object()["detail"].as_string(),
            "the chain store is not ready yet; retry shortly");
}

TEST(ResponseCache, SameSnapshotSameAnswerNewSnapshotNewAnswer) {
  TestServer server;  // cache on
  TestClient client(server.port());
  const std::string target = "/fo/strike-distribution?indicator=oi&expiry=2025-11-04";
  const std::string first = client.get(target).body();
  EXPECT_EQ(client.get(target).body(), first);  // from the cache
  // A new snapshot in which 24300's call OI is 1000: the next answer is computed from it.
  auto changed = sample_chain();
  StrikeBar bar = changed->bucket("NIFTY", kNov4, Timeframe::m5, kT1)[0];
  bar.call.oi = 1000;
  changed->add(bar);
  server.set_snapshot(changed);
  json::object body = parse_json(client.get(target)).as_object();
  EXPECT_EQ(
      num(body["series"].as_array()[0].as_object()["points"].as_array()[0].as_object()["value"]),
      1050.0);  // 1000 + 50
  // Served from the cache again, and still counted in fo_oi_zero_count_total (one point each).
  client.get(target);
  const std::string metrics = client.get("/metrics").body();
  EXPECT_NE(metrics.find("fo_oi_zero_count_total 4\n"), std::string::npos) << metrics;
}

// Provenance (issue 25): /health says per symbol and expiry where the served bars came from, from
// the chain store's data, whatever the feed; the top-level flag is true when any of it is
// simulated.
TEST(Health, SourcesPerSymbolAndExpiryComeFromTheDataServed) {
  const auto bar = [](const char* symbol, Expiry expiry) {
    StrikeBar b;
    b.key = BarKey{symbol, expiry, Strike::from_hundredths(2435000), Timeframe::m1, kT0};
    b.underlying_close = 24350.0;
    b.call.count = 1;
    b.call.oi = 100;
    return std::vector<StrikeBar>{b};
  };
  ChainStore store;
  store.apply(bar("NIFTY", kNov4), BarSource::market);
  store.apply(bar("BANKNIFTY", kNov4), BarSource::unknown);  // stored before sources
  TestServer real(test_config(), {}, store.snapshot());
  TestClient real_client(real.port());
  json::object body = parse_json(real_client.get("/health")).as_object();
  EXPECT_FALSE(body["simulated"].as_bool());
  EXPECT_EQ(json::serialize(body["sources"]),
            R"({"BANKNIFTY":{"2025-11-04":{"source":"unknown","simulated":false}},)"
            R"("NIFTY":{"2025-11-04":{"source":"market","simulated":false}}})");

  store.apply(bar("NIFTY", kNov11), BarSource::simulator);
  store.apply(bar("NIFTY", kNov4), BarSource::simulator);  // the same day: both sources
  TestServer mixed(test_config(), {}, store.snapshot());
  TestClient mixed_client(mixed.port());
  body = parse_json(mixed_client.get("/health")).as_object();
  EXPECT_TRUE(body["simulated"].as_bool());
  EXPECT_EQ(str(body["feed"].as_object()["source"]), "none");  // not the feed's doing
  json::object& nifty = body["sources"].as_object()["NIFTY"].as_object();
  EXPECT_EQ(json::serialize(nifty["2025-11-04"]), R"({"source":"mixed","simulated":true})");
  EXPECT_EQ(json::serialize(nifty["2025-11-11"]), R"({"source":"simulator","simulated":true})");
}
