#include "feed/tick_writer.h"

#include <gtest/gtest.h>

#include "feed/tick_reader.h"

using namespace strikeline;
using namespace std::chrono;

namespace {

// market_event.h declares no equality; compare field by field.
bool same(const MarketEvent& a, const MarketEvent& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<OptionTick>(&a)) {
    const auto& y = std::get<OptionTick>(b);
    return x->ts == y.ts && x->symbol == y.symbol && x->expiry == y.expiry &&
           x->strike == y.strike && x->side == y.side && x->price == y.price &&
           x->cumulative_volume == y.cumulative_volume && x->oi == y.oi && x->bid == y.bid &&
           x->ask == y.ask && x->iv == y.iv && x->delta == y.delta && x->gamma == y.gamma &&
           x->theta == y.theta && x->vega == y.vega;
  }
  if (const auto* x = std::get_if<UnderlyingTick>(&a)) {
    const auto& y = std::get<UnderlyingTick>(b);
    return x->ts == y.ts && x->symbol == y.symbol && x->price == y.price;
  }
  const auto& x = std::get<FutureTick>(a);
  const auto& y = std::get<FutureTick>(b);
  return x.ts == y.ts && x.symbol == y.symbol && x.expiry == y.expiry && x.price == y.price;
}

}  // namespace

TEST(TickWriter, WritesTheDocumentedLine) {
  OptionTick t;
  t.ts = Timestamp{microseconds{1730379601250000}};
  t.symbol = "NIFTY";
  t.expiry = sys_days{2025y / November / 4};
  t.strike = strike_rupees(24300);
  t.side = Side::call;
  t.price = 152.4;
  t.cumulative_volume = 1203450;
  t.oi = 5123400;
  t.bid = 152.3;
  t.ask = 152.5;
  std::vector<MarketEvent> events{t};
  EXPECT_EQ(write_ticks_ndjson(events),
            R"({"ts":1730379601.25,"symbol":"NIFTY","expiry":"2025-11-04","strike":24300,)"
            R"("type":"CE","price":152.4,"volume":1203450,"oi":5123400,"bid":152.3,"ask":152.5})"
            "\n");
}

TEST(TickWriter, RoundTripsEveryKindExactly) {
  OptionTick put;
  put.ts = Timestamp{microseconds{1730379601000001}};
  put.symbol = "BANKNIFTY";
  put.expiry = sys_days{2025y / November / 25};
  put.strike = Strike::from_hundredths(5123455);
  put.side = Side::put;
  put.price = 0.1 + 0.2;  // not a short decimal
  put.iv = 13.333333333333334;
  put.delta = -0.123456789;
  put.gamma = 1e-7;
  put.theta = -3.5;
  put.vega = 2.25;
  std::vector<MarketEvent> events{
      put, UnderlyingTick{Timestamp{microseconds{1730379600999999}}, "NIFTY", 24350.75},
      FutureTick{Timestamp{seconds{1730379602}}, "NIFTY", sys_days{2025y / November / 27},
                 24420.05}};
  auto r = read_ticks_ndjson(write_ticks_ndjson(events));
  ASSERT_FALSE(r.refused);
  ASSERT_TRUE(r.rejected.empty()) << r.rejected[0].detail;
  ASSERT_EQ(r.events.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_TRUE(same(events[i], r.events[i])) << i;
}
