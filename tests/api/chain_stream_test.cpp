// The stream's option-chain channel against a real server (ingest pipeline, SQLite, chain store):
// - over a session of hand-written tick batches (a day before it for the OI change, a strike that
//   appears mid-session, bid/ask that change alone on either side, a late tick), each subscriber
//   keeps a table from its chain_snapshot and the chain_updates that follow, as API.md says;
//   once the stream has caught up with each batch (the table's as_of is the batch's newest
//   minute), that table equals GET /fo/option-chain at the same as_of, header and every row;
//   subscribers join before any data, between batches (with a strike_range, so rows leave when
//   ATM moves) and while a batch is being ingested (no gap, no double either way); an update
//   carries only the rows that changed; hand-computed values (bid/ask, OI change) are checked
//   in the tables, and the fo_bucket message's last price and OI change;
// - bad subscribe parameters get an error message that names what is accepted, on a connection
//   that stays open.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <thread>

#include "../lib/sparse_market.h"
#include "feed/tick_writer.h"
#include "fixtures/live_server.h"
#include "fixtures/test_client.h"
#include "fixtures/ws_client.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace strikeline::sparse_market;
namespace json = boost::json;
using namespace std::chrono_literals;

// A named namespace: the test files of one executable are built as one unit (tests/CMakeLists.txt).
namespace chain_stream_test {

const std::string kExpiry = "2026-12-03";  // kMarketExpiry

UnderlyingTick spot(UtcSeconds at, double price) {
  return UnderlyingTick{Timestamp{at}, kMarketSymbol, price};
}

OptionTick option(UtcSeconds at, std::int64_t strike, Side side, double price, std::int64_t volume,
                  std::int64_t oi, std::optional<double> bid = {}, std::optional<double> ask = {},
                  std::optional<std::int64_t> bid_qty = {},
                  std::optional<std::int64_t> ask_qty = {}) {
  OptionTick t;
  t.ts = Timestamp{at};
  t.symbol = kMarketSymbol;
  t.expiry = kMarketExpiry;
  t.strike = strike_rupees(strike);
  t.side = side;
  t.price = price;
  t.cumulative_volume = volume;
  t.oi = oi;
  t.bid = bid;
  t.ask = ask;
  t.bid_qty = bid_qty;
  t.ask_qty = ask_qty;
  return t;
}

void ingest(std::uint16_t port, const std::vector<MarketEvent>& events) {
  TestClient client(port);
  Reply r = client.request(http::verb::post, "/fo/ingest/ticks",
                           {{"Content-Type", "application/x-ndjson"}}, write_ticks_ndjson(events));
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  ASSERT_EQ(json::parse(r.body()).as_object()["rejected"].as_array().size(), 0u) << r.body();
}

// A client's live table, kept as API.md says: the snapshot replaces everything; an update
// replaces the header, puts its rows by strike and deletes the removed strikes.
struct ClientTable {
  json::object header;
  std::map<double, json::value> rows;
  std::size_t updates = 0;
  std::size_t last_update_rows = 0;

  void apply(const json::object& m) {
    const std::string type(m.at("type").as_string());
    if (type == "chain_snapshot") {
      header = m;
      header.erase("type");
      header.erase("rows");
      rows.clear();
      for (const json::value& row : m.at("rows").as_array()) put(row);
    } else if (type == "chain_update") {
      ++updates;
      header = m.at("header").as_object();
      last_update_rows = m.at("rows").as_array().size();
      for (const json::value& row : m.at("rows").as_array()) put(row);
      for (const json::value& k : m.at("removed").as_array()) {
        ASSERT_EQ(rows.erase(k.to_number<double>()), 1u) << "removed a strike not in the table";
      }
    }
  }
  void put(const json::value& row) { rows[row.at("strike").to_number<double>()] = row; }

  std::int64_t as_of() const {
    const json::value* v = header.if_contains("as_of");
    return v && v->is_int64() ? v->as_int64() : -1;
  }
  // The table as /fo/option-chain's body.
  json::object as_answer() const {
    json::object out = header;
    out["status"] = "ok";
    json::array list;
    for (const auto& [strike, row] : rows) list.push_back(row);
    out["rows"] = std::move(list);
    return out;
  }
  const json::object& side(double strike, const char* which) const {
    return rows.at(strike).at(which).as_object();
  }
};

struct Subscriber {
  std::unique_ptr<WsClient> ws;
  ClientTable table;
  std::optional<int> strike_range;
  json::object ack;
};

// Subscribes a new client and reads its acknowledgement and snapshot.
std::unique_ptr<Subscriber> subscribe(std::uint16_t port, std::optional<int> strike_range) {
  auto s = std::make_unique<Subscriber>();
  s->ws = std::make_unique<WsClient>(port);
  s->strike_range = strike_range;
  std::string message =
      R"({"action":"subscribe","channel":"chain","symbol":"NIFTY","expiry":")" + kExpiry + "\"";
  if (strike_range) message += R"(,"strike_range":)" + std::to_string(*strike_range);
  s->ws->send(message + "}");
  auto ack = s->ws->next("subscribed");
  EXPECT_TRUE(ack);
  if (ack) s->ack = *ack;
  auto snapshot = s->ws->next("chain_snapshot");
  EXPECT_TRUE(snapshot);
  if (snapshot) s->table.apply(*snapshot);
  return s;
}

// Reads the subscriber's messages until its table is as of `as_of` (the stream caught up with a
// batch whose newest option tick is then); false when that does not happen within 10 s.
bool catch_up(Subscriber& s, std::int64_t as_of) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (s.table.as_of() != as_of) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    auto text = s.ws->read(left);
    if (!text) return false;
    json::value v = json::parse(*text);
    if (v.is_object()) s.table.apply(v.as_object());
  }
  return true;
}

json::object chain_answer(std::uint16_t port, std::int64_t as_of, std::optional<int> range) {
  TestClient client(port);
  std::string target =
      "/fo/option-chain?symbol=NIFTY&expiry=" + kExpiry + "&at=" + std::to_string(as_of);
  if (range) target += "&strike_range=" + std::to_string(*range);
  Reply r = client.get(target);
  EXPECT_EQ(r.result_int(), 200u) << r.body();
  return json::parse(r.body()).as_object();
}

// Every subscriber's table, caught up with the batch whose newest option tick is at `newest`,
// equals the endpoint's answer at that as_of.
void expect_tables_equal_the_endpoint(std::uint16_t port,
                                      std::vector<std::unique_ptr<Subscriber>>& subscribers,
                                      UtcSeconds newest, const std::string& batch) {
  SCOPED_TRACE(batch);
  const std::int64_t as_of = epoch_seconds(newest);
  for (std::size_t i = 0; i < subscribers.size(); ++i) {
    Subscriber& s = *subscribers[i];
    ASSERT_TRUE(catch_up(s, as_of)) << "subscriber " << i << " stays at as_of " << s.table.as_of();
    const json::object want = chain_answer(port, as_of, s.strike_range);
    EXPECT_EQ(s.table.as_answer(), want)
        << "subscriber " << i << "\n table:    " << json::serialize(s.table.as_answer())
        << "\n endpoint: " << json::serialize(want);
  }
}

TEST(ChainStream, TablesKeptFromSnapshotAndUpdatesEqualTheOptionChainAfterEveryBatch) {
  const Date mon = kMarketDay1, tue = kMarketDay2;
  HistoryLiveServer server(Timestamp{ist_at(tue, 16, 0)}, std::chrono::hours{48});
  const std::uint16_t port = server.port();
  std::vector<std::unique_ptr<Subscriber>> subs;

  // Before any data: subscribed, told there is no data yet, an empty table.
  subs.push_back(subscribe(port, std::nullopt));
  EXPECT_EQ(subs[0]->ack["channel"].as_string(), "chain");
  EXPECT_EQ(subs[0]->ack["expiry"].as_string(), kExpiry);
  EXPECT_TRUE(subs[0]->ack["expiries"].as_array().empty());
  EXPECT_TRUE(subs[0]->table.rows.empty());
  // A bucket-channel subscriber, for fo_bucket's last price and OI change.
  WsClient buckets(port);
  buckets.send(R"({"action":"subscribe","symbol":"NIFTY","expiry":"2026-12-03"})");
  ASSERT_TRUE(buckets.next("subscribed"));

  // Monday: the previous session (closes for OI change and price change).
  ingest(port, {spot(ist_at(mon, 15, 0), 24340),
                option(ist_at(mon, 15, 0, 10), 24300, Side::call, 120.5, 650, 6500, 120.4, 120.6,
                       130, 195),
                option(ist_at(mon, 15, 0, 20), 24300, Side::put, 80.25, 325, 3250),
                option(ist_at(mon, 15, 0, 30), 24400, Side::call, 60, 130, 1300, 59.9, 60.1)});
  expect_tables_equal_the_endpoint(port, subs, ist_at(mon, 15, 0, 30), "Monday");
  EXPECT_EQ(subs[0]->table.rows.size(), 2u);  // 24300 and 24400
  auto monday_bucket = buckets.next("fo_bucket");
  ASSERT_TRUE(monday_bucket);

  // Tuesday 09:15: 24300's call trades again with a new quote.
  ingest(port, {spot(ist_at(tue, 9, 15), 24360), option(ist_at(tue, 9, 15, 30), 24300, Side::call,
                                                        130, 1300, 7800, 129.9, 130.2, 65, 65)});
  expect_tables_equal_the_endpoint(port, subs, ist_at(tue, 9, 15, 30), "Tuesday 09:15");
  {
    const json::object& call = subs[0]->table.side(24300, "call");
    EXPECT_EQ(call.at("bid").to_number<double>(), 129.9);
    EXPECT_EQ(call.at("ask").to_number<double>(), 130.2);
    EXPECT_EQ(call.at("oi_change").as_int64(), 7800 - 6500);
    EXPECT_EQ(call.at("change").to_number<double>(), 130 - 120.5);
  }
  // fo_bucket carries each side's last price and OI change (against Monday's close).
  for (;;) {
    auto m = buckets.next("fo_bucket");
    ASSERT_TRUE(m);
    if ((*m)["bucket_time"].as_int64() != epoch_seconds(ist_at(tue, 9, 15))) continue;
    const json::object& s = (*m)["strikes"].as_array()[0].as_object();
    EXPECT_EQ(s.at("strike").to_number<double>(), 24300.0);
    EXPECT_EQ(s.at("call").at("last_price").to_number<double>(), 130.0);
    EXPECT_EQ(s.at("call").at("oi_change").as_int64(), 1300);
    EXPECT_EQ(s.at("put").at("last_price").to_number<double>(), 80.25);
    EXPECT_EQ(s.at("put").at("oi_change").as_int64(), 0);  // not observed today: unchanged
    break;
  }

  // A subscriber of ATM +- 1 joins between batches: ATM is 24400 (spot 24360: 24400 is 40 away,
  // 24300 60), its table both listed strikes.
  subs.push_back(subscribe(port, 1));
  EXPECT_EQ(subs[1]->ack["strike_range"].as_int64(), 1);
  EXPECT_EQ(subs[1]->table.header.at("atm_strike").to_number<double>(), 24400.0);
  EXPECT_EQ(subs[1]->table.rows.size(), 2u);

  // 09:20: the strike 24350 appears (its put, quoted) and the spot moves to 24390: ATM stays
  // 24400, and the ATM +- 1 table is 24350 and 24400 (24300 leaves it).
  ingest(port, {spot(ist_at(tue, 9, 20), 24390), option(ist_at(tue, 9, 20, 5), 24350, Side::put, 70,
                                                        650, 2600, 69.8, 70.2, 650, 1300)});
  expect_tables_equal_the_endpoint(port, subs, ist_at(tue, 9, 20, 5), "Tuesday 09:20");
  EXPECT_EQ(subs[0]->table.rows.size(), 3u);
  EXPECT_EQ(subs[0]->table.side(24350, "put").at("bid").to_number<double>(), 69.8);
  EXPECT_EQ(subs[0]->table.side(24350, "put").at("ask_qty").as_int64(), 1300);
  EXPECT_EQ(subs[1]->table.header.at("atm_strike").to_number<double>(), 24400.0);
  EXPECT_EQ(subs[1]->table.rows.size(), 2u);
  EXPECT_FALSE(subs[1]->table.rows.contains(24300.0));

  // 09:25: only 24300's call quote changes (same price, volume and OI), while a third client
  // subscribes as the batch is being ingested.
  const std::vector<MarketEvent> quote_only = {
      option(ist_at(tue, 9, 25, 10), 24300, Side::call, 130, 1300, 7800, 130.0, 130.35, 130, 260)};
  std::thread ingest_thread([&] { ingest(port, quote_only); });
  subs.push_back(subscribe(port, std::nullopt));
  ingest_thread.join();
  const std::size_t updates_before = subs[0]->table.updates;
  expect_tables_equal_the_endpoint(port, subs, ist_at(tue, 9, 25, 10), "Tuesday 09:25");
  EXPECT_EQ(subs[0]->table.updates, updates_before + 1);
  EXPECT_EQ(subs[0]->table.last_update_rows, 1u);  // 24300's row only
  EXPECT_EQ(subs[0]->table.side(24300, "call").at("bid").to_number<double>(), 130.0);
  EXPECT_EQ(subs[0]->table.side(24300, "call").at("ask").to_number<double>(), 130.35);

  // 09:27: only 24350's put quote changes (ATM stays): the row of a put-side change alone.
  ingest(port,
         {option(ist_at(tue, 9, 27, 0), 24350, Side::put, 70, 650, 2600, 69.9, 70.1, 650, 1300)});
  expect_tables_equal_the_endpoint(port, subs, ist_at(tue, 9, 27, 0), "Tuesday 09:27");
  EXPECT_EQ(subs[0]->table.last_update_rows, 1u);  // 24350's row only
  EXPECT_EQ(subs[0]->table.side(24350, "put").at("bid").to_number<double>(), 69.9);

  // 09:31: the spot falls to 24310, a late tick of 09:22 for 24400's call and a new strike 24250
  // below: ATM 24300, so the ATM +- 1 table is 24250, 24300 and 24350 (24400 leaves it).
  ingest(port, {spot(ist_at(tue, 9, 31), 24310),
                option(ist_at(tue, 9, 22, 40), 24400, Side::call, 61, 195, 1365, 60.9, 61.1),
                option(ist_at(tue, 9, 31, 20), 24250, Side::put, 40, 65, 650, 39.5, 40.5, 65, 65)});
  expect_tables_equal_the_endpoint(port, subs, ist_at(tue, 9, 31, 20), "Tuesday 09:31");
  EXPECT_EQ(subs[0]->table.rows.size(), 4u);
  EXPECT_EQ(subs[0]->table.side(24400, "call").at("ltp").to_number<double>(), 61.0);
  EXPECT_EQ(subs[0]->table.side(24400, "call").at("oi_change").as_int64(), 1365 - 1300);
  EXPECT_EQ(subs[1]->table.rows.size(), 3u);  // 24250, 24300, 24350
  EXPECT_FALSE(subs[1]->table.rows.contains(24400.0));

  // Idle: no message repeats what the tables already hold.
  for (auto& s : subs) EXPECT_FALSE(s->ws->next("chain_update", 300ms));
}

TEST(ChainStream, BadSubscribeParametersGetAnErrorAndTheConnectionStaysOpen) {
  HistoryLiveServer server(Timestamp{ist_at(kMarketDay2, 16, 0)}, std::chrono::hours{48});
  ingest(server.port(),
         {spot(ist_at(kMarketDay2, 9, 15), 24360),
          option(ist_at(kMarketDay2, 9, 15, 30), 24300, Side::call, 130, 1300, 7800)});
  WsClient ws(server.port());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"action":"subscribe","channel":"chains","symbol":"NIFTY"})", "unknown channel"},
      {R"({"action":"subscribe","channel":7,"symbol":"NIFTY"})", "'channel' must be a string"},
      {R"({"action":"subscribe","channel":"chain","symbol":"NIFTY","strike_range":0})",
       "invalid strike_range 0"},
      {R"({"action":"subscribe","channel":"chain","symbol":"NIFTY","strike_range":201})",
       "0 < N <= 200"},
      {R"({"action":"subscribe","channel":"chain","symbol":"NIFTY","strike_range":"ten"})",
       "invalid strike_range"},
      {R"({"action":"subscribe","channel":"chain","symbol":"NIFTY","strike_range":2.5})",
       "invalid strike_range"},
      {R"({"action":"subscribe","symbol":"NIFTY","strike_range":5})",
       "'strike_range' is for the chain channel"},
      {R"({"action":"subscribe","channel":"chain","symbol":"NIFTY","timeframe":"5min"})",
       "'timeframe' is for the bucket channel"},
      {R"({"action":"subscribe","channel":"chain","symbol":"NIFTY","expiry":"2026-13-03"})",
       "invalid expiry"},
      {R"({"action":"subscribe","channel":"chain","symbol":"???"})", "not a valid symbol"},
      {R"({"action":"subscribe","channel":"chain"})", "missing 'symbol'"},
      {R"({"action":"subscribe","channel":"chain","symbol":"BANKNIFTY"})",
       "no data for BANKNIFTY; symbols with data: NIFTY"},
  };
  for (const auto& [message, want] : cases) {
    ws.send(message);
    auto error = ws.next("error");
    ASSERT_TRUE(error) << message;
    const std::string detail(error->at("detail").as_string());
    EXPECT_NE(detail.find(want), std::string::npos) << message << " -> " << detail;
  }
  // Nothing was subscribed by them, and the connection still takes a good subscription.
  ws.send(R"({"action":"subscribe","channel":"chain","symbol":"NIFTY"})");
  auto ack = ws.next("subscribed");
  ASSERT_TRUE(ack);
  EXPECT_EQ((*ack)["expiry"].as_string(), kExpiry);  // the nearest unexpired at the newest data
  auto snapshot = ws.next("chain_snapshot");
  ASSERT_TRUE(snapshot);
  EXPECT_EQ((*snapshot)["rows"].as_array().size(), 1u);
  ws.send(R"({"action":"unsubscribe","channel":"chain","symbol":"NIFTY"})");
  auto gone = ws.next("unsubscribed");
  ASSERT_TRUE(gone);
  EXPECT_EQ((*gone)["removed"].as_int64(), 1);
}

}  // namespace chain_stream_test
