// GET /fo/option-chain over HTTP on a real server (ingest pipeline, SQLite, chain store):
// - a chain from hand-written ticks over two sessions equals the table written out below field by
//   field (bid/ask and sizes, change from the previous close, day volume, OI change against the
//   previous close and since 10:00, IV and Greeks, observed_at, moneyness from each side's point of
//   view, rows of listed strikes that did not trade that day or never traded), and so does the
//   chain of a past moment, quote included;
// - the CSV form's columns are the JSON fields flattened, cell for cell, header lines included;
// - bad parameters are 400 with a detail;
// - over the sparse three-day market of tests/lib/sparse_market.h, at 60 random moments, every row
//   and the header equal the oracle's state computed from the raw ticks (with `since` a duration,
//   a time of day and a moment).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <sstream>

#include "../lib/sparse_market.h"
#include "feed/tick_writer.h"
#include "fixtures/live_server.h"
#include "fixtures/test_client.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace strikeline::sparse_market;
namespace json = boost::json;

// A named namespace: the test files of one executable are built as one unit (tests/CMakeLists.txt).
namespace option_chain_test {

json::object get(std::uint16_t port, const std::string& target) {
  TestClient client(port);
  Reply r = client.get(target);
  EXPECT_EQ(r.result_int(), 200u) << target << ": " << r.body();
  return json::parse(r.body()).as_object();
}

void ingest(std::uint16_t port, const std::vector<MarketEvent>& events) {
  for (std::size_t i = 0; i < events.size(); i += 400) {
    const std::size_t n = std::min<std::size_t>(400, events.size() - i);
    TestClient client(port);
    Reply r = client.request(http::verb::post, "/fo/ingest/ticks",
                             {{"Content-Type", "application/x-ndjson"}},
                             write_ticks_ndjson(std::span(events).subspan(i, n)));
    ASSERT_EQ(r.result_int(), 200u) << r.body();
  }
}

std::optional<double> number(const json::value& v) {
  if (v.is_null()) return std::nullopt;
  return v.to_number<double>();
}

std::string text_of(const json::value& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

// ---- The hand-written chain ----

UnderlyingTick spot(UtcSeconds at, double price) {
  return UnderlyingTick{Timestamp{at}, kMarketSymbol, price};
}

struct TickSpec {
  UtcSeconds at;
  std::int64_t strike;
  Side side;
  double price;
  std::int64_t volume, oi;
  std::optional<double> bid = {}, ask = {};
  std::optional<std::int64_t> bid_qty = {}, ask_qty = {};
  double iv = 15, delta = 0.5, gamma = 0.001, theta = -10, vega = 12;
};

OptionTick option(const TickSpec& s) {
  OptionTick t;
  t.ts = Timestamp{s.at};
  t.symbol = kMarketSymbol;
  t.expiry = kMarketExpiry;
  t.strike = strike_rupees(s.strike);
  t.side = s.side;
  t.price = s.price;
  t.cumulative_volume = s.volume;
  t.oi = s.oi;
  t.bid = s.bid;
  t.ask = s.ask;
  t.bid_qty = s.bid_qty;
  t.ask_qty = s.ask_qty;
  t.iv = s.iv;
  t.delta = s.delta;
  t.gamma = s.gamma;
  t.theta = s.theta;
  t.vega = s.vega;
  return t;
}

// Monday kMarketDay1 and Tuesday kMarketDay2; NIFTY lot 65. The strike 24350 is first traded on
// Tuesday (its call never), 24400's call only on Monday, its put never.
std::vector<MarketEvent> hand_written_ticks() {
  const Date mon = kMarketDay1, tue = kMarketDay2;
  std::vector<MarketEvent> e;
  e.push_back(spot(ist_at(mon, 9, 59, 50), 24340));
  e.push_back(option({ist_at(mon, 10, 0, 10), 24300, Side::call, 120.5, 650, 6500, 120.4, 120.6,
                      130, 195, 14.2, 0.55, 0.0012, -9.5, 12.1}));
  e.push_back(option({ist_at(mon, 10, 0, 20), 24300, Side::put, 80.25, 325, 3250}));
  e.push_back(option({ist_at(mon, 11, 0, 5), 24400, Side::call, 60, 130, 1300, 59.9, 60.1}));
  e.push_back(spot(ist_at(tue, 9, 15, 0), 24360));
  e.push_back(option({ist_at(tue, 9, 15, 30), 24300, Side::call, 130, 1300, 7800, 129.9, 130.2, 65,
                      65, 13.8, 0.58, 0.0013, -9.9, 11.9}));
  e.push_back(option({ist_at(tue, 10, 5, 0), 24350, Side::put, 70, 650, 2600, 69.8, 70.2, 650, 1300,
                      16.1, -0.45, 0.0014, -11.2, 12.6}));
  e.push_back(option({ist_at(tue, 10, 20, 0), 24350, Side::put, 68.5, 1300, 3250, std::nullopt,
                      68.6, std::nullopt, 260, 16.3, -0.44, 0.0015, -11.4, 12.7}));
  e.push_back(spot(ist_at(tue, 10, 30, 0), 24380));
  e.push_back(option({ist_at(tue, 10, 31, 10),
                      24300,
                      Side::call,
                      135.5,
                      1950,
                      9100,
                      {},
                      {},
                      {},
                      {},
                      13.5,
                      0.6,
                      0.00125,
                      -10.1,
                      11.7}));
  return e;
}

// One side of a row as expected: every field, null as std::nullopt (strings: "null").
struct WantSide {
  std::optional<double> ltp, change, change_pct, bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;
  std::int64_t volume = 0;
  std::optional<std::int64_t> oi, oi_change, oi_change_since;
  std::optional<double> iv, delta, gamma, theta, vega;
  std::optional<UtcSeconds> observed_at;
  std::string moneyness;
};

void expect_side(json::object& got, const WantSide& w, const std::string& where) {
  SCOPED_TRACE(where);
  auto near = [&](const char* key, const std::optional<double>& want, double tolerance) {
    const std::optional<double> g = number(got[key]);
    ASSERT_EQ(g.has_value(), want.has_value()) << key << " " << text_of(got[key]);
    if (want) {
      EXPECT_NEAR(*g, *want, tolerance) << key;
    }
  };
  auto exact = [&](const char* key, const std::optional<std::int64_t>& want) {
    if (!want) {
      EXPECT_TRUE(got[key].is_null()) << key << " " << text_of(got[key]);
    } else {
      EXPECT_EQ(got[key].to_number<std::int64_t>(), *want) << key;
    }
  };
  near("ltp", w.ltp, 1e-3);
  near("change", w.change, 2e-3);
  near("change_pct", w.change_pct, 1e-9);
  near("bid", w.bid, 1e-3);
  near("ask", w.ask, 1e-3);
  exact("bid_qty", w.bid_qty);
  exact("ask_qty", w.ask_qty);
  exact("volume", w.volume);
  exact("oi", w.oi);
  exact("oi_change", w.oi_change);
  exact("oi_change_since", w.oi_change_since);
  near("iv", w.iv, 1e-3);
  near("delta", w.delta, 1e-4);
  near("gamma", w.gamma, 1e-6);
  near("theta", w.theta, 1e-3);
  near("vega", w.vega, 1e-3);
  exact("observed_at", w.observed_at ? std::optional(epoch_seconds(*w.observed_at)) : std::nullopt);
  EXPECT_EQ(text_of(got["moneyness"]), w.moneyness);
}

// A side never observed: everything null, nothing traded.
WantSide never(std::string moneyness) {
  WantSide w;
  w.moneyness = std::move(moneyness);
  return w;
}

TEST(OptionChain, HandWrittenTicksGiveTheTableFieldByField) {
  // The server's clock just after the third day's session, its ingest reaching back over the days.
  HistoryLiveServer server(Timestamp{ist_at(kMarketDay3, 16, 0)}, std::chrono::hours{24 * 4});
  ingest(server.port(), hand_written_ticks());
  const Date mon = kMarketDay1, tue = kMarketDay2;
  const std::string at = std::to_string(epoch_seconds(ist_at(tue, 10, 45)));
  json::object c = get(server.port(), "/fo/option-chain?symbol=nifty&at=" + at + "&since=10:00");

  // The header. Spot: the one seen with the newest observation (24300 CE at 10:31:10, after the
  // 10:30 spot). ATM: the listed strike nearest 24380 is 24400 (24350 is 30 away).
  EXPECT_EQ(c["symbol"].as_string(), "NIFTY");
  EXPECT_EQ(c["expiry"].as_string(), "2026-12-03");
  EXPECT_EQ(c["expiry_label"].as_string(), "NWeek+0");
  EXPECT_EQ(c["days_to_expiry"].as_int64(), 2);  // Tuesday 1 December to Thursday 3 December
  EXPECT_EQ(c["lot_size"].as_int64(), 65);
  EXPECT_EQ(number(c["spot"]), 24380.0);
  EXPECT_TRUE(c["future"].is_null());
  // No future stored: the forward pricing uses is the spot grown at 10 % to the 15:30 close
  // (serve's default --forward future).
  const double years =
      static_cast<double>((ist_at(kMarketExpiry, 15, 30) - ist_at(tue, 10, 45)).count()) /
      (365.0 * 86400);
  EXPECT_NEAR(number(c["forward"]).value_or(0),
              std::round(24380.0 * std::exp(0.10 * years) * 100) / 100, 1e-6);
  EXPECT_EQ(number(c["atm_strike"]), 24400.0);
  // OI: calls 9100 + 1300, puts 3250 (24300, unchanged since Monday) + 3250 (24350).
  EXPECT_EQ(c["total_call_oi"].as_int64(), 10400);
  EXPECT_EQ(c["total_put_oi"].as_int64(), 6500);
  EXPECT_NEAR(c["pcr"].to_number<double>(), 0.625, 1e-12);
  // Changes against Monday's close: 24300 CE +2600; the rest unchanged or without a close.
  EXPECT_EQ(c["total_call_oi_change"].as_int64(), 2600);
  EXPECT_EQ(c["total_put_oi_change"].as_int64(), 0);
  EXPECT_EQ(c["total_call_volume"].as_int64(), 1950);
  EXPECT_EQ(c["total_put_volume"].as_int64(), 650);
  // Max pain: paid at 24300: puts 3250 x 50 = 162,500; at 24350: calls 9100 x 50 = 455,000; at
  // 24400: calls 9100 x 100 = 910,000.
  EXPECT_EQ(number(c["max_pain"]), 24300.0);
  EXPECT_EQ(c["as_of"].as_int64(), epoch_seconds(ist_at(tue, 10, 45)));
  EXPECT_EQ(c["as_of_ist"].as_string(), "2026-12-01T10:45:00+05:30");
  EXPECT_EQ(c["since"].as_int64(), epoch_seconds(ist_at(tue, 10, 0)));
  EXPECT_EQ(c["session_day"].as_string(), "2026-12-01");
  EXPECT_EQ(c["oldest_observation"].as_int64(), epoch_seconds(ist_at(mon, 10, 0, 20)));
  EXPECT_TRUE(c["strike_range"].is_null());
  EXPECT_EQ(c["listed_strikes"].as_int64(), 3);

  json::array& rows = c["rows"].as_array();
  ASSERT_EQ(rows.size(), 3u);
  // 24300: two positions below ATM: ITM2 for the call, OTM2 for the put.
  json::object& r0 = rows[0].as_object();
  EXPECT_EQ(r0["strike"].to_number<double>(), 24300.0);
  EXPECT_EQ(r0["moneyness"].as_string(), "ITM2");
  // Call: 135.5 against Monday's 120.5 (+15, +12.45 %); the quote of 09:15:30 (the 10:31 tick had
  // none); 1300 traded from the open plus 650; OI 9100: +2600 on Monday's 6500, +1300 on 10:00's
  // 7800.
  expect_side(r0["call"].as_object(),
              {135.5, 15.0, 12.45, 129.9, 130.2, 65, 65, 1950, 9100, 2600, 1300, 13.5, 0.6, 0.00125,
               -10.1, 11.7, ist_at(tue, 10, 31, 10), "ITM2"},
              "24300 call");
  // Put: not traded on Tuesday: Monday's state, change 0, volume 0, no quote ever.
  expect_side(r0["put"].as_object(),
              {80.25,
               0.0,
               0.0,
               {},
               {},
               {},
               {},
               0,
               3250,
               0,
               0,
               15,
               0.5,
               0.001,
               -10,
               12,
               ist_at(mon, 10, 0, 20),
               "OTM2"},
              "24300 put");
  // 24350: first traded on Tuesday at 10:05 (the first tick a baseline: 650 traded after it);
  // no previous close, no OI at 10:00; the last quote one-sided (an offer of 260 at 68.6).
  json::object& r1 = rows[1].as_object();
  EXPECT_EQ(r1["moneyness"].as_string(), "ITM1");
  expect_side(r1["call"].as_object(), never("ITM1"), "24350 call");
  expect_side(r1["put"].as_object(),
              {68.5,
               {},
               {},
               {},
               68.6,
               {},
               260,
               650,
               3250,
               {},
               {},
               16.3,
               -0.44,
               0.0015,
               -11.4,
               12.7,
               ist_at(tue, 10, 20, 0),
               "OTM1"},
              "24350 put");
  // 24400 (ATM): the call traded on Monday only: carried, with Monday's quote (no sizes).
  json::object& r2 = rows[2].as_object();
  EXPECT_EQ(r2["moneyness"].as_string(), "ATM");
  expect_side(r2["call"].as_object(),
              {60,
               0.0,
               0.0,
               59.9,
               60.1,
               {},
               {},
               0,
               1300,
               0,
               0,
               15,
               0.5,
               0.001,
               -10,
               12,
               ist_at(mon, 11, 0, 5),
               "ATM"},
              "24400 call");
  expect_side(r2["put"].as_object(), never("ATM"), "24400 put");

  // A past moment: Monday 10:30, since 30 minutes before. 24300's call has Monday's quote, no
  // previous close (no earlier session) and no OI at 10:00 (its first tick came at 10:00:10); its
  // first tick, mid-session, is the volume's baseline; 24350 and 24400 are not listed yet.
  json::object past =
      get(server.port(), "/fo/option-chain?at=2026-11-30%2010:30&since=30m&strike_range=all");
  EXPECT_EQ(past["as_of"].as_int64(), epoch_seconds(ist_at(mon, 10, 30)));
  EXPECT_EQ(past["since"].as_int64(), epoch_seconds(ist_at(mon, 10, 0)));
  EXPECT_EQ(past["days_to_expiry"].as_int64(), 3);
  json::array& past_rows = past["rows"].as_array();
  ASSERT_EQ(past_rows.size(), 1u);
  EXPECT_EQ(number(past["atm_strike"]), 24300.0);
  expect_side(past_rows[0].as_object()["call"].as_object(),
              {120.5,
               {},
               {},
               120.4,
               120.6,
               130,
               195,
               0,
               6500,
               {},
               {},
               14.2,
               0.55,
               0.0012,
               -9.5,
               12.1,
               ist_at(mon, 10, 0, 10),
               "ATM"},
              "Monday 24300 call");

  // Tuesday 09:15:20, before the day's first option tick: Monday's state (quote included), the
  // session day Tuesday (its first minute has begun), nothing traded yet.
  json::object early =
      get(server.port(),
          "/fo/option-chain?at=" + std::to_string(epoch_seconds(ist_at(tue, 9, 15, 20))) +
              "&strike_range=1");
  json::array& early_rows = early["rows"].as_array();
  ASSERT_EQ(early_rows.size(), 2u);  // ATM 24300 (spot 24340) and 24400, the next listed
  expect_side(early_rows[0].as_object()["call"].as_object(),
              {120.5, 0.0, 0.0, 120.4, 120.6, 130, 195, 0, 6500, 0, 0, 14.2, 0.55, 0.0012, -9.5,
               12.1, ist_at(mon, 10, 0, 10), "ATM"},
              "Tuesday 09:15:20 24300 call");
}

// The CSV form: `# name: value` lines equal the JSON header's values, the columns the JSON row
// fields flattened, each cell the JSON value (empty for null).
TEST(OptionChain, CsvIsTheJsonFlattened) {
  // The server's clock just after the third day's session, its ingest reaching back over the days.
  HistoryLiveServer server(Timestamp{ist_at(kMarketDay3, 16, 0)}, std::chrono::hours{24 * 4});
  ingest(server.port(), hand_written_ticks());
  const std::string query =
      "/fo/option-chain?at=" + std::to_string(epoch_seconds(ist_at(kMarketDay2, 10, 45))) +
      "&since=30m";
  json::object c = get(server.port(), query);
  TestClient client(server.port());
  Reply r = client.get(query + "&format=csv");
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  EXPECT_EQ(r[http::field::content_type], "text/csv; charset=utf-8");
  std::istringstream in(r.body());
  std::string line;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> lines;
  std::size_t comments = 0;
  auto split = [](const std::string& text) {
    std::vector<std::string> out(1);
    for (char ch : text) {
      if (ch == ',') {
        out.emplace_back();
      } else {
        out.back() += ch;
      }
    }
    return out;
  };
  while (std::getline(in, line)) {
    if (line.starts_with("# ")) {
      const std::size_t colon = line.find(": ");
      ASSERT_NE(colon, std::string::npos) << line;
      const std::string name = line.substr(2, colon - 2), value = line.substr(colon + 2);
      ASSERT_TRUE(c.contains(name)) << name;
      const json::value& v = c[name];
      if (v.is_null()) {
        EXPECT_EQ(value, "") << name;
      } else if (v.is_string()) {
        EXPECT_EQ(value, v.as_string()) << name;
      } else {
        EXPECT_EQ(std::stod(value), v.to_number<double>()) << name;
      }
      ++comments;
    } else if (columns.empty()) {
      columns = split(line);
    } else {
      lines.push_back(split(line));
    }
  }
  EXPECT_EQ(comments, c.size() - 2);  // every header field but status and rows
  json::array& rows = c["rows"].as_array();
  ASSERT_EQ(lines.size(), rows.size());
  // The flattened JSON: strike, moneyness, then call_* and put_* in the JSON's field order.
  std::vector<std::string> flattened{"strike", "moneyness"};
  for (const char* side : {"call", "put"}) {
    for (const auto& [key, value] : rows[0].as_object()[side].as_object()) {
      flattened.push_back(std::string(side) + "_" + std::string(key));
    }
  }
  EXPECT_EQ(columns, flattened);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    json::object& row = rows[i].as_object();
    ASSERT_EQ(lines[i].size(), columns.size()) << i;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const std::string& name = columns[k];
      const json::value& v = name.starts_with("call_")  ? row["call"].as_object()[name.substr(5)]
                             : name.starts_with("put_") ? row["put"].as_object()[name.substr(4)]
                                                        : row[name];
      const std::string& cell = lines[i][k];
      if (v.is_null()) {
        EXPECT_EQ(cell, "") << i << " " << name;
      } else if (v.is_string()) {
        EXPECT_EQ(cell, v.as_string()) << i << " " << name;
      } else {
        ASSERT_FALSE(cell.empty()) << i << " " << name;
        EXPECT_EQ(std::stod(cell), v.to_number<double>()) << i << " " << name;
      }
    }
  }
}

TEST(OptionChain, BadParametersAre400WithADetail) {
  // The server's clock just after the third day's session, its ingest reaching back over the days.
  HistoryLiveServer server(Timestamp{ist_at(kMarketDay3, 16, 0)}, std::chrono::hours{24 * 4});
  ingest(server.port(), hand_written_ticks());
  const std::string at = "&at=" + std::to_string(epoch_seconds(ist_at(kMarketDay2, 10, 45)));
  for (const std::string& bad : std::vector<std::string>{
           "strike_range=0", "strike_range=201", "strike_range=ten", "since=25:00", "since=soon",
           "since=0m", "since=11:00" + at, "since=2026-12-01T11:00:00%2B05:30" + at, "format=xml",
           "at=yesterday", "expiry=2026-13-01", "expiry=2026-12-03&expiry=NWeek%2B1",
           "symbol=%21%21"}) {
    TestClient client(server.port());
    Reply r = client.get("/fo/option-chain?" + bad);
    EXPECT_EQ(r.result_int(), 400u) << bad << ": " << r.body();
    const json::value body = json::parse(r.body());
    ASSERT_TRUE(body.is_object() && body.as_object().contains("detail")) << bad;
    EXPECT_FALSE(body.as_object().at("detail").as_string().empty()) << bad;
  }
}

// ---- The sparse market against the oracle ----

// API.md's labels: the call's level is the position from ATM (+ above), the put's the reverse;
// capped at 10.
std::string label(long level, Side side) {
  if (side == Side::put) level = -level;
  level = std::clamp(level, -10L, 10L);
  if (level == 0) return "ATM";
  return (level > 0 ? "OTM" : "ITM") + std::to_string(std::labs(level));
}

TEST(OptionChain, EveryMomentOfTheSparseMarketAnswersAsTheTicksSay) {
  const Market market = generate(17);
  const Oracle oracle(market);
  // The server's clock just after the third day's session, its ingest reaching back over the days.
  HistoryLiveServer server(Timestamp{ist_at(kMarketDay3, 16, 0)}, std::chrono::hours{24 * 4});
  ingest(server.port(), events_of(market));

  std::mt19937 rng(23);
  const std::int64_t from = epoch_seconds(ist_at(kMarketDay1, 9, 16));
  const std::int64_t to = epoch_seconds(ist_at(kMarketDay3, 9, 50));
  std::size_t compared = 0, quoted = 0, since_compared = 0;
  for (int i = 0; i < 60; ++i) {
    const std::int64_t t =
        from + static_cast<std::int64_t>(rng() % static_cast<unsigned>(to - from));
    const ChainState want = oracle.state(t);
    const Date session = want.session_day;
    // `since`: 30 minutes before, 09:45 of the session day (when not after t), or a moment.
    std::string since_param;
    std::int64_t since = 0;
    if (i % 3 == 0) {
      since_param = "30m";
      since = t - 1800;
    } else if (i % 3 == 1 && epoch_seconds(ist_at(session, 9, 45)) <= t) {
      since_param = "09:45";
      since = epoch_seconds(ist_at(session, 9, 45));
    } else {
      since = t - 1 - static_cast<std::int64_t>(rng() % 86400);
      since_param = std::to_string(since);
    }
    const ChainState then = oracle.state(since);
    const std::string where = "as of " + format_iso_utc(utc_seconds(t)) + " since " + since_param;
    json::object c =
        get(server.port(),
            "/fo/option-chain?expiry=NWeek%2B0&at=" + std::to_string(t) + "&since=" + since_param);
    ASSERT_EQ(c["expiry"].as_string(), format_date(kMarketExpiry)) << where;
    EXPECT_EQ(c["as_of"].as_int64(), t) << where;
    EXPECT_EQ(c["since"].as_int64(), since) << where;
    EXPECT_EQ(c["session_day"].as_string(), format_date(session)) << where;
    json::array& rows = c["rows"].as_array();
    ASSERT_EQ(rows.size(), want.strikes.size()) << where;
    ASSERT_EQ(c["listed_strikes"].as_int64(), static_cast<std::int64_t>(want.strikes.size()));
    const std::optional<std::size_t> atm = oracle_atm(want);
    ASSERT_TRUE(atm) << where;
    EXPECT_EQ(number(c["atm_strike"]), want.strikes[*atm].strike.to_double()) << where;
    EXPECT_NEAR(c["spot"].to_number<double>(), *want.underlying, 0.006) << where;
    EXPECT_EQ(number(c["max_pain"]), oracle_max_pain(want)) << where;
    std::int64_t totals[2][3] = {};  // [call, put][oi, oi_change, volume]
    std::optional<UtcSeconds> oldest;
    for (std::size_t k = 0; k < want.strikes.size(); ++k) {
      const StrikeState& w = want.strikes[k];
      const StrikeState* before = then.find(w.strike);
      json::object& row = rows[k].as_object();
      ASSERT_EQ(row["strike"].to_number<double>(), w.strike.to_double()) << where;
      const long level = static_cast<long>(k) - static_cast<long>(*atm);
      EXPECT_EQ(text_of(row["moneyness"]), label(level, Side::call)) << where;
      for (Side side : kBothSides) {
        const SideState& s = side == Side::call ? w.call : w.put;
        const SideState* b = before ? (side == Side::call ? &before->call : &before->put) : nullptr;
        WantSide expected;
        expected.volume = s.day_volume;
        expected.ltp = s.last_price;
        if (s.last_price && s.previous_close) {
          expected.change = *s.last_price - *s.previous_close;
        }
        expected.bid = s.bid;
        expected.ask = s.ask;
        expected.bid_qty = s.bid_qty;
        expected.ask_qty = s.ask_qty;
        expected.oi = s.oi;
        expected.oi_change = s.oi_change;
        if (s.oi && b && b->oi) expected.oi_change_since = *s.oi - *b->oi;
        expected.observed_at = s.observed_at;
        expected.moneyness = label(level, side);
        json::object& got = row[side == Side::call ? "call" : "put"].as_object();
        // IV and Greeks are the aggregator's (computed from the spot): not this oracle's.
        for (const char* key : {"iv", "delta", "gamma", "theta", "vega", "change_pct"}) {
          got[key] = nullptr;
        }
        expect_side(got, expected, where + " " + w.strike.to_string());
        const int si = side == Side::call ? 0 : 1;
        totals[si][0] += s.oi.value_or(0);
        totals[si][1] += s.oi_change.value_or(0);
        totals[si][2] += s.day_volume;
        if (s.observed_at && (!oldest || *s.observed_at < *oldest)) oldest = s.observed_at;
        quoted += s.bid || s.ask;
        since_compared += expected.oi_change_since.has_value();
        ++compared;
      }
    }
    EXPECT_EQ(c["total_call_oi"].as_int64(), totals[0][0]) << where;
    EXPECT_EQ(c["total_put_oi"].as_int64(), totals[1][0]) << where;
    EXPECT_EQ(c["total_call_oi_change"].as_int64(), totals[0][1]) << where;
    EXPECT_EQ(c["total_put_oi_change"].as_int64(), totals[1][1]) << where;
    EXPECT_EQ(c["total_call_volume"].as_int64(), totals[0][2]) << where;
    EXPECT_EQ(c["total_put_volume"].as_int64(), totals[1][2]) << where;
    if (totals[0][0] > 0) {
      EXPECT_NEAR(c["pcr"].to_number<double>(),
                  static_cast<double>(totals[1][0]) / static_cast<double>(totals[0][0]), 5e-5)
          << where;
    }
    EXPECT_EQ(c["oldest_observation"].as_int64(), epoch_seconds(*oldest)) << where;
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(compared, 800u);
  EXPECT_GT(quoted, 300u);
  EXPECT_GT(since_compared, 300u);
}

}  // namespace option_chain_test
