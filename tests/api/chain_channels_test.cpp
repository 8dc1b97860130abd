// The chain channel's pieces without a server: encode_chain_update sends the whole header, exactly
// the rows that are new or differ and the strikes that left (nothing when the tables are equal),
// and a client applying it to the first table gets the second; ChainChannels gives a joining
// client the channel's table, coalesces changes per channel, and refuses to advance a channel
// from a table it no longer holds.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "api/stream/chain_channels.h"

using namespace strikeline;
namespace json = boost::json;

namespace chain_channels_test {

OptionChainRow row(std::int64_t strike, std::int64_t call_oi, std::optional<double> put_bid = {}) {
  OptionChainRow r;
  r.strike = strike_rupees(strike);
  r.call.oi = call_oi;
  r.put.bid = put_bid;
  return r;
}

SharedChainTable table(std::vector<OptionChainRow> rows, std::int64_t as_of) {
  auto t = std::make_shared<ChainTable>();
  t->chain.symbol = "NIFTY";
  t->chain.as_of = UtcSeconds{std::chrono::seconds{as_of}};
  t->chain.rows = std::move(rows);
  t->header = R"("symbol":"NIFTY","as_of":)" + std::to_string(as_of);
  return t;
}

// The rows of a snapshot or of a table kept by applying updates, by strike.
std::map<double, json::value> rows_of(const json::array& rows) {
  std::map<double, json::value> out;
  for (const json::value& r : rows) out[r.at("strike").to_number<double>()] = r;
  return out;
}

TEST(ChainUpdate, CarriesTheHeaderTheChangedRowsAndTheRemovedStrikes) {
  const auto before = table({row(24200, 10), row(24300, 20), row(24400, 30, 5.5)}, 100);
  const auto after = table({row(24300, 20), row(24400, 31, 5.5), row(24500, 40)}, 160);
  auto text = encode_chain_update(*before, *after);
  ASSERT_TRUE(text);
  json::object m = json::parse(*text).as_object();
  EXPECT_EQ(m["type"].as_string(), "chain_update");
  EXPECT_EQ(m["header"].as_object()["as_of"].as_int64(), 160);
  std::vector<double> changed;
  for (const json::value& r : m["rows"].as_array())
    changed.push_back(r.at("strike").to_number<double>());
  EXPECT_EQ(changed, (std::vector<double>{24400, 24500}));  // 24300 is unchanged
  ASSERT_EQ(m["removed"].as_array().size(), 1u);
  EXPECT_EQ(m["removed"].as_array()[0].to_number<double>(), 24200);

  // Applied to the first table's rows, the update gives the second table's.
  auto kept = rows_of(json::parse(encode_chain_snapshot(*before)).as_object()["rows"].as_array());
  for (const json::value& r : m["rows"].as_array()) kept[r.at("strike").to_number<double>()] = r;
  for (const json::value& k : m["removed"].as_array()) kept.erase(k.to_number<double>());
  EXPECT_EQ(kept,
            rows_of(json::parse(encode_chain_snapshot(*after)).as_object()["rows"].as_array()));
}

TEST(ChainUpdate, NothingForEqualTablesAndTheHeaderAloneWhenOnlyItChanged) {
  const auto a = table({row(24300, 20)}, 100);
  EXPECT_FALSE(encode_chain_update(*a, *table({row(24300, 20)}, 100)));
  auto text = encode_chain_update(*a, *table({row(24300, 20)}, 160));
  ASSERT_TRUE(text);
  json::object m = json::parse(*text).as_object();
  EXPECT_TRUE(m["rows"].as_array().empty());
  EXPECT_TRUE(m["removed"].as_array().empty());
  EXPECT_EQ(m["header"].as_object()["as_of"].as_int64(), 160);
  // From an empty table (a subscription before any data): every row is new.
  auto first = encode_chain_update(*table({}, 50), *a);
  ASSERT_TRUE(first);
  EXPECT_EQ(json::parse(*first).as_object()["rows"].as_array().size(), 1u);
}

TEST(ChainChannels, JoinGivesTheChannelsTableAndAdvanceNeedsTheTableItHolds) {
  ChainChannels channels;
  const ChainChannelKey key{"NIFTY", Expiry{std::chrono::sys_days{std::chrono::days{20000}}}, {}};
  const auto* alice = reinterpret_cast<const StreamClient*>(0x10);
  const auto* bob = reinterpret_cast<const StreamClient*>(0x20);
  const auto t0 = table({row(24300, 1)}, 100);
  EXPECT_EQ(channels.join(key, alice, t0), t0);
  // A second client joins the existing table, not the fresher one it read.
  EXPECT_EQ(channels.join(key, bob, table({row(24300, 2)}, 160)), t0);

  using Clock = ChainChannels::Clock;
  const auto now = Clock::now();
  const std::chrono::milliseconds interval{250};
  // A new channel is due at once (it may have missed a batch), then at most once per interval.
  auto due = channels.take_due(now, interval);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].table, t0);
  const auto t1 = table({row(24300, 2)}, 160);
  EXPECT_EQ(channels.advance(key, t0, t1).size(), 2u);
  channels.touch("NIFTY", key.expiry);
  channels.touch("NIFTY", key.expiry);  // coalesced
  channels.touch("BANKNIFTY", key.expiry);
  EXPECT_TRUE(channels.take_due(now + interval / 2, interval).empty());
  EXPECT_EQ(channels.next_due(interval), now + interval);
  due = channels.take_due(now + interval, interval);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].table, t1);
  EXPECT_FALSE(channels.next_due(interval));
  // Advancing from a table the channel no longer holds sends nothing.
  EXPECT_TRUE(channels.advance(key, t0, table({}, 200)).empty());

  // Left by both: forgotten; re-created with the table its new client read.
  channels.leave(key, alice);
  EXPECT_TRUE(channels.contains(key));
  channels.leave(key, bob);
  EXPECT_FALSE(channels.contains(key));
  const auto t2 = table({}, 300);
  EXPECT_EQ(channels.join(key, alice, t2), t2);
  EXPECT_TRUE(channels.advance(key, t1, table({}, 360)).empty());
}

}  // namespace chain_channels_test
