// The chain as of a moment over HTTP, against an oracle computed in the test from the raw ticks
// (tests/lib/sparse_market.h): a sparse three-day market ingested through POST /fo/ingest/ticks
// into a real server (ingest pipeline, SQLite, chain store), then at 200 random moments (and the
// edges: a session's first seconds, the night, the morning after) every listed strike's OI, last
// price and age from /fo/strike-distribution?at=, and the totals, PCR, max pain and ATM from the
// last point of /fo/expiry-metrics?to=, must equal the oracle's.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../lib/sparse_market.h"
#include "feed/tick_writer.h"
#include "fixtures/live_server.h"
#include "fixtures/test_client.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace strikeline::sparse_market;
namespace json = boost::json;

namespace {

json::object get(std::uint16_t port, const std::string& target) {
  TestClient client(port);
  Reply r = client.get(target);
  EXPECT_EQ(r.result_int(), 200u) << target << ": " << r.body();
  return json::parse(r.body()).as_object();
}

std::optional<double> number(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.to_number<double>();
}

// The oracle's ATM strike (sparse_market.h's position).
std::optional<double> oracle_atm_strike(const ChainState& s) {
  const std::optional<std::size_t> i = oracle_atm(s);
  if (!i) return std::nullopt;
  return s.strikes[*i].strike.to_double();
}

TEST(AsOfChain, EveryMomentOverHttpAnswersAsTheTicksSay) {
  const Market market = generate(11);
  const Oracle oracle(market);
  // The server's clock just after the third day's session, its ingest reaching back over the days.
  HistoryLiveServer server(Timestamp{ist_at(kMarketDay3, 16, 0)}, std::chrono::hours{24 * 4});
  const std::vector<MarketEvent> events = events_of(market);
  for (std::size_t i = 0; i < events.size(); i += 400) {
    const std::size_t n = std::min<std::size_t>(400, events.size() - i);
    TestClient client(server.port());
    Reply r = client.request(http::verb::post, "/fo/ingest/ticks",
                             {{"Content-Type", "application/x-ndjson"}},
                             write_ticks_ndjson(std::span(events).subspan(i, n)));
    ASSERT_EQ(r.result_int(), 200u) << r.body();
  }

  std::mt19937 rng(5);
  const std::int64_t from = epoch_seconds(ist_at(kMarketDay1, 9, 14));
  const std::int64_t to = epoch_seconds(ist_at(kMarketDay3, 9, 50));
  std::vector<std::int64_t> moments;
  for (int i = 0; i < 200; ++i) {
    moments.push_back(from + static_cast<std::int64_t>(rng() % static_cast<unsigned>(to - from)));
  }
  for (auto t : {ist_at(kMarketDay1, 9, 15, 40), ist_at(kMarketDay1, 9, 16, 5),
                 ist_at(kMarketDay1, 20, 0), ist_at(kMarketDay2, 9, 15, 30),
                 ist_at(kMarketDay2, 9, 16, 0), ist_at(kMarketDay3, 9, 15, 2)}) {
    moments.push_back(epoch_seconds(t));
  }
  const std::string expiry = format_date(kMarketExpiry);
  std::size_t compared_strikes = 0;
  for (std::int64_t t : moments) {
    const ChainState want = oracle.state(t);
    const std::string at = std::to_string(t);
    const std::string where = "as of " + format_iso_utc(utc_seconds(t));
    json::object oi = get(server.port(), "/fo/strike-distribution?expiry=" + expiry +
                                             "&indicator=oi&strike_range=200&at=" + at);
    json::object premium = get(server.port(), "/fo/strike-distribution?expiry=" + expiry +
                                                  "&indicator=premium&strike_range=200&at=" + at);
    json::array& series = oi["series"].as_array();
    if (want.strikes.empty()) {
      EXPECT_TRUE(series.empty()) << where;
      continue;
    }
    ASSERT_EQ(series.size(), 1u) << where;
    json::object& s = series[0].as_object();
    json::array& points = s["points"].as_array();
    json::array& prices = premium["series"].as_array()[0].as_object()["points"].as_array();
    ASSERT_EQ(points.size(), want.strikes.size()) << where;
    ASSERT_EQ(prices.size(), want.strikes.size()) << where;
    EXPECT_EQ(number(s["atm_strike"]), oracle_atm_strike(want)) << where;
    ASSERT_TRUE(want.underlying) << where;
    EXPECT_NEAR(s["underlying"].to_number<double>(), *want.underlying, 0.006) << where;
    std::optional<UtcSeconds> oldest;
    for (std::size_t i = 0; i < want.strikes.size(); ++i) {
      const StrikeState& w = want.strikes[i];
      json::object& p = points[i].as_object();
      json::object& q = prices[i].as_object();
      const std::string at_strike = where + " strike " + w.strike.to_string();
      ASSERT_EQ(p["strike"].to_number<double>(), w.strike.to_double()) << at_strike;
      EXPECT_EQ(p["call_oi"].to_number<double>(), static_cast<double>(w.call.oi.value_or(0)))
          << at_strike;
      EXPECT_EQ(p["put_oi"].to_number<double>(), static_cast<double>(w.put.oi.value_or(0)))
          << at_strike;
      for (const auto& [side, key, price_key] : {std::tuple{&w.call, "call_observed_at", "call"},
                                                 std::tuple{&w.put, "put_observed_at", "put"}}) {
        const std::optional<double> age = number(p[key]);
        EXPECT_EQ(age, side->observed_at ? std::optional<double>(epoch_seconds(*side->observed_at))
                                         : std::nullopt)
            << at_strike << " " << key;
        const std::optional<double> price = number(q[price_key]);
        ASSERT_EQ(price.has_value(), side->last_price.has_value()) << at_strike << " " << key;
        if (price) {
          EXPECT_NEAR(*price, *side->last_price, 1e-3) << at_strike;
        }
        if (side->observed_at && (!oldest || *side->observed_at < *oldest)) {
          oldest = side->observed_at;
        }
      }
      ++compared_strikes;
    }
    EXPECT_EQ(s["oldest_observation"].as_int64(), epoch_seconds(*oldest)) << where;

    // The totals, PCR, max pain and ATM at the same moment: the last point of the metrics whose
    // window ends there.
    json::object metrics =
        get(server.port(), "/fo/expiry-metrics?timeframe=1h&expiry=" + expiry +
                               "&from=" + std::to_string(t - 3 * 86400) + "&to=" + at);
    json::array& metric_points = metrics["points"].as_array();
    ASSERT_FALSE(metric_points.empty()) << where;
    json::object& last = metric_points.back().as_object();
    std::int64_t call_total = 0, put_total = 0;
    for (const StrikeState& k : want.strikes) {
      call_total += k.call.oi.value_or(0);
      put_total += k.put.oi.value_or(0);
    }
    EXPECT_EQ(last["total_call_oi"].as_int64(), call_total) << where;
    EXPECT_EQ(last["total_put_oi"].as_int64(), put_total) << where;
    if (call_total > 0) {
      EXPECT_NEAR(last["pcr"].to_number<double>(),
                  static_cast<double>(put_total) / static_cast<double>(call_total), 5e-5)
          << where;
    }
    EXPECT_EQ(number(last["max_pain"]), oracle_max_pain(want)) << where;
    EXPECT_EQ(number(last["atm_strike"]), oracle_atm_strike(want)) << where;
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(compared_strikes, 1000u);
}

}  // namespace
