// Spreading planned instruments over the ticker's connections: balanced filling, tokens staying on
// their connection, waiting beyond the capacity in planned order, room freed going to the waiting.
#include "feed/kite/subscription_shards.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

using namespace strikeline::kite;

namespace {

std::vector<std::uint32_t> range(std::uint32_t from, std::uint32_t count) {
  std::vector<std::uint32_t> out(count);
  std::iota(out.begin(), out.end(), from);
  return out;
}

// Replays per-connection changes onto per-connection sets, as the ticker would see them.
struct Ticker {
  std::vector<std::set<std::uint32_t>> connections;
  explicit Ticker(std::size_t n) : connections(n) {}
  void apply(const std::vector<SubscriptionChange>& parts) {
    ASSERT_EQ(parts.size(), connections.size());
    for (std::size_t i = 0; i < parts.size(); ++i) {
      for (auto t : parts[i].unsubscribe) ASSERT_EQ(connections[i].erase(t), 1u) << t;
      for (auto t : parts[i].subscribe) ASSERT_TRUE(connections[i].insert(t).second) << t;
      EXPECT_TRUE(std::is_sorted(parts[i].subscribe.begin(), parts[i].subscribe.end()));
    }
  }
  std::set<std::uint32_t> all() const {
    std::set<std::uint32_t> out;
    for (const auto& c : connections) out.insert(c.begin(), c.end());
    return out;
  }
};

}  // namespace

TEST(SubscriptionShards, FillsTheConnectionsEvenly) {
  SubscriptionShards shards(3, 5);
  Ticker ticker(3);
  const std::vector<std::uint32_t> planned = range(100, 13);
  ticker.apply(shards.apply({planned, {}}));
  EXPECT_EQ(shards.loads(), (std::vector<std::size_t>{5, 4, 4}));
  EXPECT_EQ(ticker.all(), std::set<std::uint32_t>(planned.begin(), planned.end()));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(ticker.connections[i].size(), shards.loads()[i]);
  for (std::uint32_t t = 100; t < 113; ++t) {
    ASSERT_TRUE(shards.connection_of(t));
    EXPECT_TRUE(ticker.connections[*shards.connection_of(t)].contains(t));
  }
  EXPECT_EQ(shards.capacity(), 15u);
  EXPECT_EQ(shards.waiting(), 0u);
}

TEST(SubscriptionShards, ATokenStaysOnItsConnectionWhenOthersMove) {
  SubscriptionShards shards(3, 100);
  Ticker ticker(3);
  ticker.apply(shards.apply({range(1, 30), {}}));
  std::map<std::uint32_t, std::size_t> before;
  for (std::uint32_t t = 1; t <= 30; ++t) before[t] = *shards.connection_of(t);
  // A window slides: 4 tokens out, 4 in.
  ticker.apply(shards.apply({range(31, 4), {1, 2, 3, 4}}));
  for (std::uint32_t t = 5; t <= 30; ++t) EXPECT_EQ(*shards.connection_of(t), before[t]) << t;
  EXPECT_FALSE(shards.connection_of(1));
  EXPECT_EQ(ticker.all().size(), 30u);
  const auto [lo, hi] = std::minmax_element(shards.loads().begin(), shards.loads().end());
  EXPECT_LE(*hi - *lo, 2u);
}

TEST(SubscriptionShards, BeyondTheCapacityTokensWaitInPlannedOrder) {
  SubscriptionShards shards(2, 4);
  Ticker ticker(2);
  // The planner's first change (spots, futures) then a window: 10 tokens for 8 places.
  ticker.apply(shards.apply({{900, 901}, {}}));
  ticker.apply(shards.apply({range(1, 8), {}}));
  EXPECT_EQ(shards.waiting(), 2u);
  EXPECT_EQ(ticker.all(), (std::set<std::uint32_t>{900, 901, 1, 2, 3, 4, 5, 6}));
  // A waiting token unplanned is forgotten; room freed goes to the waiting before new tokens.
  ticker.apply(shards.apply({{}, {8}}));
  EXPECT_EQ(shards.waiting(), 1u);
  ticker.apply(shards.apply({{50, 51}, {1, 2}}));
  EXPECT_EQ(ticker.all(), (std::set<std::uint32_t>{900, 901, 3, 4, 5, 6, 7, 50}));
  EXPECT_EQ(shards.waiting(), 1u);  // 51
  ticker.apply(shards.apply({{}, {3}}));
  EXPECT_TRUE(ticker.all().contains(51));
  EXPECT_EQ(shards.waiting(), 0u);
  EXPECT_EQ(shards.loads(), (std::vector<std::size_t>{4, 4}));
}

TEST(SubscriptionShards, AddedConnectionsTakeTheWaitingFirst) {
  SubscriptionShards shards(1, 3);
  Ticker one(1);
  one.apply(shards.apply({range(1, 5), {}}));
  EXPECT_EQ(shards.waiting(), 2u);
  shards.add_connections(1);
  Ticker two(2);
  two.connections[0] = one.connections[0];
  two.apply(shards.apply({{9}, {}}));
  EXPECT_EQ(two.connections[1], (std::set<std::uint32_t>{4, 5, 9}));
  EXPECT_EQ(shards.waiting(), 0u);
}
