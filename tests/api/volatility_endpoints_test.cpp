// GET /fo/implied-forward, /fo/term-structure, /fo/skew-series and /fo/iv-rank over HTTP against
// the sample chain (fixtures/sample_chain.h), expected values computed here from its numbers; bad
// parameters are 400 with a detail; the server's pricing policy is the answers' forward.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "fixtures/test_client.h"
#include "fixtures/test_server.h"

using namespace strikeline;
using namespace strikeline::testing;
namespace json = boost::json;

namespace volatility_endpoints_test {

json::object get_ok(TestServer& server, const std::string& target) {
  TestClient client(server.port());
  Reply reply = client.get(target);
  EXPECT_EQ(reply.result_int(), 200u) << target << ": " << reply.body();
  return parse_json(reply).as_object();
}

double num(const json::value& v) {
  return v.to_number<double>();
}

double round2(double v) {
  return std::round(v * 100) / 100;
}

TEST(VolatilityEndpoints, ImpliedForwardFromTheLastPricesNearTheMoney) {
  TestServer server;
  json::object body = get_ok(server, "/fo/implied-forward?symbol=NIFTY&expiry=2025-11-04");
  EXPECT_EQ(body["as_of"].as_int64(), epoch_seconds(floor_seconds(kNow)));
  EXPECT_EQ(body["pricing_forward"].as_string(), "future");
  json::array& expiries = body["expiries"].as_array();
  ASSERT_EQ(expiries.size(), 1u);
  json::object& e = expiries[0].as_object();
  // Strikes with both sides priced (last prices; 24350 has no put): 24300 (100 - 20),
  // 24400 (45 - 60), 24450 (25 - 90); F = K + exp(rT)(C - P), the median of the three.
  const double years =
      static_cast<double>((expiry_close(kNov4) - floor_seconds(kNow)).count()) / (365.0 * 86400);
  const double g = std::exp(0.10 * years);
  std::vector<double> forwards{24300 + g * 80, 24400 - g * 15, 24450 - g * 65};
  std::sort(forwards.begin(), forwards.end());
  EXPECT_NEAR(num(e["implied_forward"]), round2(forwards[1]), 1e-9);  // the median
  EXPECT_EQ(e["parity_count"].as_int64(), 3);
  EXPECT_EQ(e["priced_pairs"].as_int64(), 3);
  json::array& strikes = e["parity_strikes"].as_array();
  ASSERT_EQ(strikes.size(), 3u);
  EXPECT_EQ(num(strikes[0]), 24300);
  EXPECT_EQ(num(strikes[2]), 24450);
  EXPECT_NEAR(num(e["implied_low"]), round2(forwards[0]), 1e-9);
  EXPECT_NEAR(num(e["implied_high"]), round2(forwards[2]), 1e-9);
  EXPECT_NEAR(num(e["spot"]), 24375, 1e-9);
  EXPECT_NEAR(num(e["basis_spot"]), round2(forwards[1] - 24375), 0.011);
  EXPECT_GT(num(e["basis_spot"]), 9.9);  // the chain's forward is about 10 above spot
  EXPECT_TRUE(e["future"].is_null());
  EXPECT_TRUE(e["basis_future"].is_null());
  EXPECT_EQ(e["forward_source"].as_string(), "spot");  // no future stored: spot with the rate
  EXPECT_NEAR(num(e["forward"]), round2(24375 * g), 1e-9);
}

TEST(VolatilityEndpoints, TheServersPolicyIsTheForwardReported) {
  TestServer server(test_config(), [](ServiceContext& context, Router&) {
    context.pricing.forward = ForwardSource::synthetic;
  });
  json::object body = get_ok(server, "/fo/implied-forward?expiry=2025-11-04");
  EXPECT_EQ(body["pricing_forward"].as_string(), "synthetic");
  json::object& e = body["expiries"].as_array()[0].as_object();
  EXPECT_EQ(e["forward_source"].as_string(), "synthetic");
  EXPECT_EQ(num(e["forward"]), num(e["implied_forward"]));
  json::object chain = get_ok(server, "/fo/option-chain?expiry=2025-11-04");
  EXPECT_EQ(num(chain["forward"]), num(e["forward"]));
}

TEST(VolatilityEndpoints, TermStructureAndTheThirtyDayIv) {
  TestServer server;
  json::object body = get_ok(server, "/fo/term-structure?symbol=NIFTY");
  json::array& expiries = body["expiries"].as_array();
  ASSERT_EQ(expiries.size(), 3u);
  // Nov 4: spot 24375, ATM 24350 (a tie goes to the lower strike): call IV 19, no put;
  // Nov 11: 24426 -> ATM 24450 (17, 16); Nov 25: 24500 -> ATM 24450.
  EXPECT_EQ(num(expiries[0].as_object()["atm_iv"]), 19.0);
  EXPECT_EQ(num(expiries[0].as_object()["atm_strike"]), 24350.0);
  EXPECT_EQ(num(expiries[1].as_object()["atm_iv"]), 16.5);
  EXPECT_EQ(expiries[1].as_object()["days_to_expiry"].as_int64(), 7);
  EXPECT_EQ(expiries[2].as_object()["label"].as_string(), "NWeek+2");
  // Nov 4 is hours away (left out); Nov 11 and Nov 25 are both inside 30 days: Nov 25's IV, flat.
  json::object& cm = body["cm30"].as_object();
  EXPECT_EQ(num(cm["iv"]), 16.5);
  EXPECT_TRUE(cm["extrapolated"].as_bool());
  EXPECT_EQ(cm["near_expiry"].as_string(), "2025-11-25");
  EXPECT_TRUE(cm["far_expiry"].is_null());
}

TEST(VolatilityEndpoints, SkewSeriesAndIvRank) {
  TestServer server;
  json::object series = get_ok(
      server, "/fo/skew-series?expiry=2025-11-04&from=" + std::to_string(epoch_seconds(kT0)) +
                  "&to=" + std::to_string(epoch_seconds(kT1)));
  json::array& points = series["points"].as_array();
  ASSERT_EQ(points.size(), 2u);
  // Every delta is 0.5 / -0.5: no strike reaches 25 delta, so no RR25 or BF25.
  EXPECT_EQ(num(points[1].as_object()["atm_iv"]), 19.0);  // 24375: a tie, ATM 24350 (call 19)
  EXPECT_TRUE(points[0].as_object()["rr25"].is_null());
  EXPECT_EQ(num(series["delta"]), 0.25);

  json::object rank = get_ok(server, "/fo/iv-rank?symbol=NIFTY");
  EXPECT_EQ(rank["days_used"].as_int64(), 1);
  EXPECT_EQ(num(rank["iv"]), 16.5);
  EXPECT_TRUE(rank["iv_rank"].is_null());  // under 20 days
  EXPECT_TRUE(rank["iv_percentile"].is_null());
  EXPECT_EQ(rank["history"].as_array().size(), 1u);
}

TEST(VolatilityEndpoints, BadParametersAre400WithADetail) {
  TestServer server;
  TestClient client(server.port());
  for (const std::string target :
       {"/fo/implied-forward?at=yesterday", "/fo/implied-forward?expiry=2025-13-40",
        "/fo/term-structure?at=-5x", "/fo/skew-series?expiry=NWeek%2B0&expiry=NWeek%2B1",
        "/fo/skew-series?timeframe=7m", "/fo/skew-series?from=200&to=100",
        "/fo/iv-rank?at=tomorrow"}) {
    Reply reply = client.get(target);
    EXPECT_EQ(reply.result_int(), 400u) << target;
    EXPECT_FALSE(parse_json(reply).as_object()["detail"].as_string().empty()) << target;
  }
}

}  // namespace volatility_endpoints_test
