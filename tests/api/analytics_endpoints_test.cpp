// GET /fo/buildup and GET /fo/exposures over HTTP against the sample chain
// (fixtures/sample_chain.h): the answers are the query functions' results as documented (counts,
// classes, movers, rows; totals, zero-gamma level and rows rounded to the paisa), the series'
// points, the stated sign convention, and the parameters' 400s with a detail.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixtures/test_client.h"
#include "fixtures/test_server.h"
#include "query/buildup.h"
#include "query/exposures.h"
#include "query/indicator.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;

namespace analytics_endpoints_test {

json::object get_ok(const TestServer& server, const std::string& target) {
  TestClient client(server.port());
  Reply reply = client.get(target);
  EXPECT_EQ(reply.result_int(), 200u) << target << ": " << reply.body();
  return parse_json(reply).as_object();
}

std::string get_bad(const TestServer& server, const std::string& target) {
  TestClient client(server.port());
  Reply reply = client.get(target);
  EXPECT_EQ(reply.result_int(), 400u) << target << ": " << reply.body();
  return std::string(parse_json(reply).as_object()["detail"].as_string());
}

std::string epoch(UtcSeconds t) {
  return std::to_string(epoch_seconds(t));
}

std::optional<double> number(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.to_number<double>();
}

TEST(AnalyticsEndpoints, BuildupIsTheQuerysAnswer) {
  TestServer server;
  const UtcSeconds at = kT1 + std::chrono::minutes{2};
  json::object b = get_ok(server, "/fo/buildup?symbol=NIFTY&at=" + epoch(at) + "&movers=3");
  BuildupRequest r;
  r.symbol = "NIFTY";
  r.expiry = kNov4;
  r.as_of = at;
  r.since = kT1;  // the 5-minute bucket holding `at`
  r.movers = 3;
  const Buildup want = buildup(*sample_chain(), ContractSpecs{}, r);
  EXPECT_EQ(b["expiry"].as_string(), "2025-11-04");
  EXPECT_EQ(b["expiry_label"].as_string(), "NWeek+0");
  EXPECT_EQ(b["as_of"].to_number<std::int64_t>(), epoch_seconds(at));
  EXPECT_EQ(b["since"].to_number<std::int64_t>(), epoch_seconds(kT1));
  EXPECT_EQ(b["neutral_oi_pct"].to_number<double>(), 1.0);
  EXPECT_TRUE(b["future"].is_null());
  for (auto [name, side] : {std::pair{"calls", &want.calls}, std::pair{"puts", &want.puts}}) {
    json::object& s = b[name].as_object();
    json::object& counts = s["counts"].as_object();
    for (std::size_t c = 0; c < kBuildupClasses; ++c) {
      EXPECT_EQ(counts[buildup_class_name(static_cast<BuildupClass>(c))].to_number<int>(),
                side->counts[c])
          << name;
    }
    EXPECT_EQ(counts["unknown"].to_number<int>(), side->unknown);
    EXPECT_EQ(s["oi_change"].to_number<std::int64_t>(), side->oi_change);
    EXPECT_EQ(s["movers"].as_object().size(), kDirectionalClasses);
  }
  // The sample's two buckets are the same: every priced side is neutral; 24350's put is unknown.
  EXPECT_EQ(b["calls"].as_object()["counts"].as_object()["neutral"].to_number<int>(), 4);
  EXPECT_EQ(b["puts"].as_object()["counts"].as_object()["unknown"].to_number<int>(), 1);
  json::array& rows = b["rows"].as_array();
  ASSERT_EQ(rows.size(), want.rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    json::object& row = rows[i].as_object();
    EXPECT_EQ(row["strike"].to_number<double>(), want.rows[i].strike.to_double());
    for (auto [name, side] :
         {std::pair{"call", &want.rows[i].call}, std::pair{"put", &want.rows[i].put}}) {
      json::object& s = row[name].as_object();
      if (side->cls) {
        EXPECT_EQ(s["class"].as_string(), buildup_class_name(*side->cls));
        EXPECT_EQ(s["oi"].to_number<std::int64_t>(), side->move->oi);
        EXPECT_EQ(s["price"].to_number<double>(), side->move->price);
      } else {
        EXPECT_TRUE(s["class"].is_null());
        EXPECT_TRUE(s["oi"].is_null());
      }
    }
  }

  // The series: one point per bucket with data.
  json::object series =
      get_ok(server, "/fo/buildup?symbol=NIFTY&expiry=2025-11-04&from=" + epoch(kT0) +
                         "&to=" + epoch(kT1 + std::chrono::minutes{4}));
  json::array& points = series["points"].as_array();
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].as_object()["time"].to_number<std::int64_t>(), epoch_seconds(kT0));
  EXPECT_EQ(
      points[1].as_object()["calls"].as_object()["counts"].as_object()["neutral"].to_number<int>(),
      4);
}

TEST(AnalyticsEndpoints, ExposuresAreTheQuerysAnswerRounded) {
  TestServer server;
  const UtcSeconds at = kT1 + std::chrono::minutes{2};
  json::object e = get_ok(server, "/fo/exposures?at=" + epoch(at) + "&strike_range=1");
  ExposuresRequest r;
  r.symbol = "NIFTY";
  r.expiry = kNov4;
  r.as_of = at;
  r.strike_range = 1;
  const Exposures want = exposures(*sample_chain(), ContractSpecs{}, r);
  const ExposureSnapshot& s = want.snapshot;
  ASSERT_TRUE(s.totals);
  EXPECT_EQ(e["iv_convention"].as_string(), "strikeline");
  EXPECT_NE(
      std::string(e["convention"].as_string()).find("dealers long the calls and short the puts"),
      std::string::npos);
  EXPECT_EQ(e["rate"].to_number<double>(), 0.10);
  EXPECT_EQ(e["spot"].to_number<double>(), 24375.0);
  // The sample has no future: the default --forward future prices on the spot with the rate.
  EXPECT_EQ(e["pricing_forward"].as_string(), "future");
  EXPECT_EQ(e["forward_source"].as_string(), "spot");
  ASSERT_TRUE(s.forward);
  EXPECT_EQ(e["forward"].to_number<double>(), round_to(*s.forward, 2));
  EXPECT_EQ(e["priced"].to_number<int>(), s.priced);
  EXPECT_EQ(e["unpriced"].to_number<int>(), s.unpriced);
  json::object& totals = e["totals"].as_object();
  EXPECT_EQ(totals["gex"].to_number<double>(), round_to(s.totals->gex, 2));
  EXPECT_EQ(totals["dex"].to_number<double>(), round_to(s.totals->dex, 2));
  EXPECT_EQ(totals["vex"].to_number<double>(), round_to(s.totals->vex, 2));
  EXPECT_EQ(totals["put_gex"].to_number<double>(), round_to(s.totals->put_gex, 2));
  if (s.zero_gamma) {
    EXPECT_EQ(e["zero_gamma"].to_number<double>(), round_to(s.zero_gamma->level, 2));
    EXPECT_EQ(e["zero_gamma_bracket"].as_array().size(), 2u);
  } else {
    EXPECT_TRUE(e["zero_gamma"].is_null());
    EXPECT_TRUE(e["zero_gamma_bracket"].is_null());
  }
  json::array& rows = e["rows"].as_array();
  ASSERT_EQ(rows.size(), 3u);  // ATM +- 1
  ASSERT_EQ(s.rows.size(), 3u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    json::object& row = rows[i].as_object();
    EXPECT_EQ(row["strike"].to_number<double>(), s.rows[i].strike.to_double());
    EXPECT_EQ(row["gex"].to_number<double>(), round_to(s.rows[i].gex, 2));
    json::object& call = row["call"].as_object();
    EXPECT_EQ(number(call["gex"]),
              s.rows[i].call.gex ? std::optional(round_to(*s.rows[i].call.gex, 2)) : std::nullopt);
    EXPECT_EQ(number(call["iv"]), s.rows[i].call.iv);
    json::object& put = row["put"].as_object();
    EXPECT_EQ(number(put["vex"]),
              s.rows[i].put.vex ? std::optional(round_to(*s.rows[i].put.vex, 2)) : std::nullopt);
  }
  // 24350 has no put: no exposures there.
  const auto no_put = std::find_if(rows.begin(), rows.end(), [](const json::value& row) {
    return row.as_object().at("strike").to_number<double>() == 24350.0;
  });
  ASSERT_NE(no_put, rows.end());
  EXPECT_TRUE(no_put->as_object().at("put").as_object().at("gex").is_null());

  // The series: totals and the zero-gamma level per bucket.
  json::object series = get_ok(
      server, "/fo/exposures?from=" + epoch(kT0) + "&to=" + epoch(kT1 + std::chrono::minutes{4}));
  ASSERT_EQ(series["points"].as_array().size(), 2u);
  json::object& last = series["points"].as_array()[1].as_object();
  EXPECT_EQ(last["time"].to_number<std::int64_t>(), epoch_seconds(kT1));
  EXPECT_EQ(last["spot"].to_number<double>(), 24375.0);
  EXPECT_EQ(last["forward_source"].as_string(), "spot");
  EXPECT_FALSE(last["gex"].is_null());
}

TEST(AnalyticsEndpoints, BadParametersAre400WithADetail) {
  TestServer server;
  EXPECT_NE(get_bad(server, "/fo/buildup?movers=0").find("movers"), std::string::npos);
  EXPECT_NE(get_bad(server, "/fo/buildup?neutral_oi_pct=x").find("neutral_oi_pct"),
            std::string::npos);
  EXPECT_NE(get_bad(server, "/fo/buildup?from=" + epoch(kT0) + "&since=30m").find("since"),
            std::string::npos);
  EXPECT_NE(
      get_bad(server, "/fo/exposures?at=" + epoch(kT1) + "&to=" + epoch(kT1)).find("not both"),
      std::string::npos);
  EXPECT_NE(get_bad(server, "/fo/exposures?strike_range=-3").find("strike_range"),
            std::string::npos);
  EXPECT_NE(get_bad(server, "/fo/exposures?expiry=2025-11-04&expiry=NWeek%2B1").find("one expiry"),
            std::string::npos);
  EXPECT_NE(get_bad(server, "/fo/exposures?at=yesterday").find("at"), std::string::npos);
  // 3 days of 1-minute buckets: within the series' limit, beyond the exposures'.
  EXPECT_NE(get_bad(server, "/fo/exposures?timeframe=1min&from=" +
                                epoch(kT1 - std::chrono::hours{72}) + "&to=" + epoch(kT1))
                .find("too long for exposures"),
            std::string::npos);
}

}  // namespace analytics_endpoints_test
