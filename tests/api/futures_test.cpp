// Futures over HTTP on a real server (tick ingest -> IngestPipeline -> SQLite -> chain store):
// future ticks ingested as NDJSON lines ({"type":"FUT",...,"volume","oi"}) over two sessions of a
// hand-made three-expiry market, then
// - /fo/futures: every point (price, spot, basis in rupees and annualised, OI and its change
//   against the previous day's close, volume, observed_at) and the rollover (near, next, far,
//   (next + far) / (near + next + far) of OI, days to the near expiry, the near moving on after its
//   15:30 close) equal the values written out below from the ticks;
// - /fo/option-chain's header: `future` as of `at` (null before the expiry's first future tick,
//   its price from the second it was observed, the previous day's carried), and `forward` (under
//   the default --forward future: the future, else spot x e^(r T) with r = 10 % and T to 15:30 IST
//   in years of 365 days, to 2 decimals), in JSON and in CSV's header lines;
// - the stored future bars equal the hand-computed minute bars;
// - bad parameters are 400 with a detail.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "../lib/sparse_market.h"
#include "feed/tick_writer.h"
#include "fixtures/live_server.h"
#include "fixtures/test_client.h"

namespace futures_test {

using namespace strikeline;
using namespace strikeline::testing;
using namespace strikeline::sparse_market;
using namespace std::chrono_literals;
namespace json = boost::json;

const Date kMon = calendar_day(2026, 11, 23), kTue = calendar_day(2026, 11, 24);
const Expiry kNear = kTue;  // the monthly expiring on Tuesday
const Expiry kNext = calendar_day(2026, 12, 29);
const Expiry kFar = calendar_day(2027, 1, 26);
const Expiry kWeekly = calendar_day(2026, 11, 26);  // options only, no future

json::object get(std::uint16_t port, const std::string& target, unsigned status = 200) {
  TestClient client(port);
  Reply r = client.get(target);
  EXPECT_EQ(r.result_int(), status) << target << ": " << r.body();
  return json::parse(r.body()).as_object();
}

std::optional<double> number(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.to_number<double>();
}

FutureTick fut(UtcSeconds at, Expiry e, double price, std::int64_t volume, std::int64_t oi) {
  return FutureTick{Timestamp{at}, "NIFTY", e, price, volume, oi};
}

OptionTick call(UtcSeconds at, Expiry e, double price) {
  OptionTick t;
  t.ts = Timestamp{at};
  t.symbol = "NIFTY";
  t.expiry = e;
  t.strike = strike_rupees(24000);
  t.side = Side::call;
  t.price = price;
  t.oi = 65'000;
  t.cumulative_volume = 650;
  return t;
}

std::vector<MarketEvent> market() {
  return {
      UnderlyingTick{Timestamp{ist_at(kMon, 10, 0)}, "NIFTY", 24000},
      call(ist_at(kMon, 10, 0, 2), kNear, 150),
      call(ist_at(kMon, 10, 0, 3), kWeekly, 210),
      fut(ist_at(kMon, 10, 0, 10), kNear, 24030, 1000, 10'000'000),
      fut(ist_at(kMon, 10, 0, 20), kNext, 24250, 500, 2'000'000),
      fut(ist_at(kMon, 10, 0, 30), kFar, 24450, 100, 500'000),
      fut(ist_at(kMon, 10, 1, 5), kNear, 24040, 1650, 10'006'500),
      UnderlyingTick{Timestamp{ist_at(kTue, 9, 20)}, "NIFTY", 24100},
      fut(ist_at(kTue, 9, 20, 10), kNear, 24110, 650, 6'000'000),
      fut(ist_at(kTue, 9, 20, 20), kNext, 24330, 1300, 7'000'000),
      fut(ist_at(kTue, 9, 20, 30), kFar, 24520, 65, 600'000),
      fut(ist_at(kTue, 9, 21, 15), kNext, 24335, 1950, 7'006'500),
      fut(ist_at(kTue, 15, 45), kNext, 24340, 2600, 7'013'000),  // after the near's close
  };
}

class Futures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new HistoryLiveServer(Timestamp{ist_at(kTue, 16, 0)}, std::chrono::hours{24 * 3});
    TestClient client(server->port());
    Reply r =
        client.request(http::verb::post, "/fo/ingest/ticks",
                       {{"Content-Type", "application/x-ndjson"}}, write_ticks_ndjson(market()));
    ASSERT_EQ(r.result_int(), 200u) << r.body();
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static HistoryLiveServer* server;
};
HistoryLiveServer* Futures::server = nullptr;

// The chain's forward is rounded to 2 decimals.
double cents(double x) {
  return std::round(x * 100) / 100;
}

double years_to(Expiry e, UtcSeconds at) {
  return static_cast<double>(epoch_seconds(ist_at(e, 15, 30)) - epoch_seconds(at)) /
         (365.0 * 86400.0);
}

TEST_F(Futures, StoredBarsAreTheHandComputedMinuteBars) {
  std::vector<FutureBar> stored;
  server->repository->scan_futures(UtcSeconds::min(), UtcSeconds::max(),
                                   [&](const FutureBar& b) { stored.push_back(b); });
  ASSERT_EQ(stored.size(), 9u);
  // Monday 10:01, the near month: one tick, its volume against 10:00's cumulative 1000.
  const FutureBar& near_1001 = stored[3];
  EXPECT_EQ(near_1001.key, (FutureBarKey{"NIFTY", kNear, ist_at(kMon, 10, 1)}));
  EXPECT_EQ(near_1001.close, 24040);
  EXPECT_EQ(near_1001.volume, 650);
  EXPECT_EQ(near_1001.oi, 10'006'500);
  EXPECT_EQ(near_1001.underlying, 24000);
  EXPECT_EQ(near_1001.observed_at, ist_at(kMon, 10, 1, 5));
  // Every day's first observation after the open is a baseline.
  EXPECT_EQ(stored[0].volume, 0);
}

TEST_F(Futures, SeriesAndRolloverEqualTheTicks) {
  const UtcSeconds from = ist_at(kMon, 10, 0), to = ist_at(kTue, 15, 46);
  json::object f = get(server->port(), "/fo/futures?symbol=NIFTY&timeframe=1min&from=" +
                                           std::to_string(epoch_seconds(from)) +
                                           "&to=" + std::to_string(epoch_seconds(to)));
  EXPECT_EQ(f["symbol"].as_string(), "NIFTY");
  EXPECT_EQ(f["timeframe"].as_string(), "1min");
  json::array& series = f["series"].as_array();
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].at("expiry").as_string(), "2026-11-24");
  EXPECT_EQ(series[2].at("expiry").as_string(), "2027-01-26");

  // The near month at every bucket with a future bar: Monday 10:00 and 10:01, Tuesday 09:20, 09:21
  // and 15:45 (its state holds through its expiry day's evening).
  json::array& near = series[0].at("points").as_array();
  ASSERT_EQ(near.size(), 5u);
  const json::object& n0 = near[0].as_object();
  EXPECT_EQ(n0.at("time").as_int64(), epoch_seconds(ist_at(kMon, 10, 0)));
  EXPECT_EQ(number(n0.at("price")), 24030);
  EXPECT_EQ(number(n0.at("spot")), 24000);
  EXPECT_EQ(number(n0.at("basis")), 30);
  const double t0 = years_to(kNear, ist_at(kMon, 10, 1));
  EXPECT_NEAR(*number(n0.at("basis_annualised_pct")), (24030.0 / 24000.0 - 1) / t0 * 100, 1e-4);
  EXPECT_EQ(n0.at("oi").as_int64(), 10'000'000);
  EXPECT_TRUE(n0.at("oi_change").is_null());  // no previous day
  EXPECT_EQ(n0.at("volume").as_int64(), 0);
  EXPECT_EQ(n0.at("observed_at").as_int64(), epoch_seconds(ist_at(kMon, 10, 0, 10)));
  const json::object& n1 = near[1].as_object();
  EXPECT_EQ(number(n1.at("price")), 24040);
  EXPECT_EQ(n1.at("volume").as_int64(), 650);
  const json::object& n2 = near[2].as_object();
  EXPECT_EQ(n2.at("time").as_int64(), epoch_seconds(ist_at(kTue, 9, 20)));
  EXPECT_EQ(number(n2.at("price")), 24110);
  EXPECT_EQ(number(n2.at("basis")), 10);
  EXPECT_EQ(n2.at("oi").as_int64(), 6'000'000);
  EXPECT_EQ(n2.at("oi_change").as_int64(), 6'000'000 - 10'006'500);
  const json::object& n3 = near[3].as_object();  // 09:21: carried, nothing traded
  EXPECT_EQ(number(n3.at("price")), 24110);
  EXPECT_EQ(n3.at("volume").as_int64(), 0);
  const json::object& n4 = near[4].as_object();  // 15:45: after the close, no annualised basis
  EXPECT_EQ(n4.at("time").as_int64(), epoch_seconds(ist_at(kTue, 15, 45)));
  EXPECT_TRUE(n4.at("basis_annualised_pct").is_null());

  json::array& next = series[1].at("points").as_array();
  ASSERT_EQ(next.size(), 5u);
  EXPECT_EQ(next[1].at("volume").as_int64(), 0);  // Monday 10:01: carried, nothing traded
  EXPECT_EQ(next[3].at("oi").as_int64(), 7'006'500);
  EXPECT_EQ(next[3].at("oi_change").as_int64(), 7'006'500 - 2'000'000);
  EXPECT_EQ(next[3].at("volume").as_int64(), 1950 - 1300);
  EXPECT_EQ(next[4].at("volume").as_int64(), 2600 - 1950);

  // Rollover per bucket: (next + far) / (near + next + far).
  json::array& roll = f["rollover"].as_array();
  ASSERT_EQ(roll.size(), 5u);
  const auto pct = [](double near_oi, double next_oi, double far_oi) {
    return (next_oi + far_oi) / (near_oi + next_oi + far_oi) * 100;
  };
  const json::object& r0 = roll[0].as_object();
  EXPECT_EQ(r0.at("near_expiry").as_string(), "2026-11-24");
  EXPECT_EQ(r0.at("next_expiry").as_string(), "2026-12-29");
  EXPECT_EQ(r0.at("far_expiry").as_string(), "2027-01-26");
  EXPECT_EQ(r0.at("near_oi").as_int64(), 10'000'000);
  EXPECT_NEAR(*number(r0.at("rollover_pct")), pct(10e6, 2e6, 0.5e6), 0.005);
  EXPECT_EQ(r0.at("days_to_near_expiry").as_int64(), 1);
  EXPECT_NEAR(*number(roll[1].at("rollover_pct")), pct(10'006'500, 2e6, 0.5e6), 0.005);
  EXPECT_NEAR(*number(roll[2].at("rollover_pct")), pct(6e6, 7e6, 0.6e6), 0.005);
  EXPECT_EQ(roll[2].at("days_to_near_expiry").as_int64(), 0);
  EXPECT_NEAR(*number(roll[3].at("rollover_pct")), pct(6e6, 7'006'500, 0.6e6), 0.005);
  // After the near month's 15:30 close the next month is the near one.
  const json::object& r4 = roll[4].as_object();
  EXPECT_EQ(r4.at("near_expiry").as_string(), "2026-12-29");
  EXPECT_EQ(r4.at("next_expiry").as_string(), "2027-01-26");
  EXPECT_TRUE(r4.at("far_expiry").is_null());
  EXPECT_NEAR(*number(r4.at("rollover_pct")), pct(7'013'000, 0.6e6, 0), 0.005);
  EXPECT_EQ(r4.at("days_to_near_expiry").as_int64(), 35);

  // One expiry by date, daily: the day's close state and the day's volume.
  json::object daily =
      get(server->port(), "/fo/futures?symbol=NIFTY&timeframe=1d&expiry=2026-12-29&from=" +
                              std::to_string(epoch_seconds(from)) +
                              "&to=" + std::to_string(epoch_seconds(to)));
  ASSERT_EQ(daily["series"].as_array().size(), 1u);
  json::array& daily_points = daily["series"].as_array()[0].at("points").as_array();
  ASSERT_EQ(daily_points.size(), 2u);
  EXPECT_EQ(daily_points[1].at("volume").as_int64(), 1300);  // Tuesday: a baseline, then 650 twice
  EXPECT_EQ(daily_points[1].at("oi").as_int64(), 7'013'000);
}

TEST_F(Futures, ChainHeaderFutureAndForwardAsOfAMoment) {
  const auto chain = [&](Expiry e, UtcSeconds at) {
    return get(server->port(), "/fo/option-chain?symbol=NIFTY&expiry=" + format_date(e) +
                                   "&at=" + std::to_string(epoch_seconds(at)));
  };
  // Before the near month's first future tick: no future; the forward is spot x e^(r T).
  UtcSeconds at = ist_at(kMon, 10, 0, 9);
  json::object c = chain(kNear, at);
  EXPECT_TRUE(c["future"].is_null());
  EXPECT_NEAR(*number(c["forward"]), cents(24000 * std::exp(0.10 * years_to(kNear, at))), 1e-6);
  // From the second it was observed: the future, and it is the forward.
  c = chain(kNear, ist_at(kMon, 10, 0, 10));
  EXPECT_EQ(number(c["future"]), 24030);
  EXPECT_EQ(number(c["forward"]), 24030);
  c = chain(kNear, ist_at(kMon, 10, 1, 4));
  EXPECT_EQ(number(c["future"]), 24030);
  c = chain(kNear, ist_at(kMon, 10, 1, 5));
  EXPECT_EQ(number(c["future"]), 24040);
  // Tuesday before its first future tick: Monday's last, carried.
  c = chain(kNear, ist_at(kTue, 9, 0));
  EXPECT_EQ(number(c["future"]), 24040);
  EXPECT_EQ(number(c["forward"]), 24040);
  // An expiry without a future: none, and the forward from the spot with the rate.
  at = ist_at(kTue, 9, 0);
  c = chain(kWeekly, at);
  EXPECT_TRUE(c["future"].is_null());
  EXPECT_NEAR(*number(c["forward"]), cents(24000 * std::exp(0.10 * years_to(kWeekly, at))), 1e-6);
  // CSV's header lines carry them too.
  TestClient client(server->port());
  Reply csv = client.get("/fo/option-chain?symbol=NIFTY&expiry=2026-11-24&format=csv&at=" +
                         std::to_string(epoch_seconds(ist_at(kMon, 10, 1, 5))));
  EXPECT_NE(csv.body().find("# future: 24040\n"), std::string::npos) << csv.body();
  EXPECT_NE(csv.body().find("# forward: 24040\n"), std::string::npos) << csv.body();
}

TEST_F(Futures, BadParametersAre400WithADetail) {
  for (const char* target :
       {"/fo/futures?symbol=NIFTY&timeframe=7m", "/fo/futures?symbol=NIFTY&expiry=someday",
        "/fo/futures?symbol=NIFTY&from=2000&to=1000", "/fo/futures?symbol=NIFTY&from=yesterday",
        "/fo/futures?symbol=NIFTY&timeframe=1min&from=0&to=1800000000",
        "/fo/futures?symbol=NOSUCH"}) {
    json::object e = get(server->port(), target, 400);
    EXPECT_FALSE(e["detail"].as_string().empty()) << target;
  }
}

}  // namespace futures_test
