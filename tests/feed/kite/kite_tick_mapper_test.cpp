// Kite packets to the pipeline's ticks: options, indices, futures, timestamps, depth, repeats,
// bounds on incoming data.
#include "feed/kite/kite_tick_mapper.h"

#include <gtest/gtest.h>

#include "kite_fixtures.h"
#include "kite_frame_encoder.h"

using namespace strikeline;
using namespace strikeline::kite;
using namespace strikeline::kite::test;
using namespace std::chrono;

namespace {

InstrumentCatalogue catalogue() {
  InstrumentCatalogue c;
  KiteInstrument call;
  call.token = 12170498;
  call.kind = KiteInstrument::Kind::option;
  call.symbol = "NIFTY";
  call.expiry = sys_days{2025y / November / 11};
  call.strike = strike_rupees(24500);
  call.side = Side::call;
  c.add(call);
  KiteInstrument index;
  index.token = 256265;
  index.kind = KiteInstrument::Kind::index;
  index.symbol = "NIFTY";
  c.add(index);
  KiteInstrument future;
  future.token = 13368834;
  future.kind = KiteInstrument::Kind::future;
  future.symbol = "NIFTY";
  future.expiry = sys_days{2025y / November / 25};
  c.add(future);
  return c;
}

const Timestamp kReceived{sys_days{2025y / November / 4} + 4h + 15min + 7s};

}  // namespace

TEST(KiteTickMapper, OptionFullPacketBecomesAnOptionTick) {
  const auto c = catalogue();
  FullQuote q;
  q.token = 12170498;
  q.last = 15240;
  q.volume = 8'812'500;
  q.oi = 1'234'500;
  q.exchange_time = 1762230302;
  q.bid = 15235;
  q.ask = 15245;
  q.bid_quantity = 75;
  q.ask_quantity = 150;
  const auto packet = parse_packet(full_packet(q));
  ASSERT_TRUE(packet);
  const auto event = to_market_event(*packet, *c.find(12170498), kReceived);
  ASSERT_TRUE(event);
  const auto& tick = std::get<OptionTick>(*event);
  EXPECT_EQ(tick.ts, Timestamp{seconds{1762230302}});  // the exchange's time, not the receipt
  EXPECT_EQ(tick.symbol, "NIFTY");
  EXPECT_EQ(tick.expiry, sys_days{2025y / November / 11});
  EXPECT_EQ(tick.strike, strike_rupees(24500));
  EXPECT_EQ(tick.side, Side::call);
  EXPECT_DOUBLE_EQ(*tick.price, 152.40);
  EXPECT_EQ(tick.cumulative_volume, 8'812'500);
  EXPECT_EQ(tick.oi, 1'234'500);
  EXPECT_DOUBLE_EQ(*tick.bid, 152.35);
  EXPECT_DOUBLE_EQ(*tick.ask, 152.45);
  EXPECT_EQ(tick.bid_qty, 75);  // the best level's quantity, in units as Kite sends it
  EXPECT_EQ(tick.ask_qty, 150);
  EXPECT_FALSE(tick.iv);
}

TEST(KiteTickMapper, QuotePacketHasNoOiAndUsesTheReceiptTime) {
  const auto c = catalogue();
  FullQuote q;
  q.token = 12170498;
  q.last = 15240;
  q.volume = 900;
  const auto packet = parse_packet(full_packet(q, false));
  ASSERT_TRUE(packet);
  const auto tick = std::get<OptionTick>(*to_market_event(*packet, *c.find(12170498), kReceived));
  EXPECT_EQ(tick.ts, kReceived);
  EXPECT_EQ(tick.cumulative_volume, 900);
  EXPECT_FALSE(tick.oi);
  EXPECT_FALSE(tick.bid);
  EXPECT_FALSE(tick.bid_qty || tick.ask_qty);
}

TEST(KiteTickMapper, IndexAndFuturePackets) {
  const auto c = catalogue();
  PacketBuilder index;
  index.u32(256265).i32(2435075).i32(0).i32(0).i32(0).i32(0).i32(0).u32(1762230300);
  const auto spot = to_market_event(*parse_packet(index.bytes()), *c.find(256265), kReceived);
  ASSERT_TRUE(spot);
  const auto& u = std::get<UnderlyingTick>(*spot);
  EXPECT_EQ(u.symbol, "NIFTY");
  EXPECT_DOUBLE_EQ(u.price, 24350.75);
  EXPECT_EQ(u.ts, Timestamp{seconds{1762230300}});
  PacketBuilder ltp;
  ltp.u32(13368834).i32(2445010);
  const auto fut = to_market_event(*parse_packet(ltp.bytes()), *c.find(13368834), kReceived);
  ASSERT_TRUE(fut);
  const auto& f = std::get<FutureTick>(*fut);
  EXPECT_EQ(f.expiry, sys_days{2025y / November / 25});
  EXPECT_DOUBLE_EQ(f.price, 24450.10);
  EXPECT_EQ(f.ts, kReceived);
}

TEST(KiteTickMapper, UnknownTokensRepeatsAndUnpricedPackets) {
  const auto c = catalogue();
  KiteTickMapper mapper(c);
  std::vector<MarketEvent> out;
  PacketBuilder a, b, zero, unknown;
  a.u32(256265).i32(2435075);
  b.u32(256265).i32(2435100);
  zero.u32(12170498).i32(0);
  unknown.u32(999).i32(100);
  std::vector<KitePacket> packets;
  for (const auto* p : {&a, &a, &b, &a, &zero, &unknown})
    packets.push_back(*parse_packet(p->bytes()));
  mapper.map(packets, kReceived, out);
  ASSERT_EQ(out.size(), 3u);  // a, b, a again (a change), not the immediate repeat
  EXPECT_DOUBLE_EQ(std::get<UnderlyingTick>(out[0]).price, 24350.75);
  EXPECT_DOUBLE_EQ(std::get<UnderlyingTick>(out[1]).price, 24351.00);
  EXPECT_DOUBLE_EQ(std::get<UnderlyingTick>(out[2]).price, 24350.75);
  EXPECT_EQ(mapper.stats().repeats, 1u);
  EXPECT_EQ(mapper.stats().unpriced, 1u);
  EXPECT_EQ(mapper.stats().unknown_tokens, 1u);
  EXPECT_EQ(mapper.stats().packets, 6u);
}

// A full packet after the close: one bid, no offers; the exchange's time; no OI.
TEST(KiteTickMapper, FullPacketAfterTheCloseWithOneBidAndNoOffers) {
  InstrumentCatalogue c;
  KiteInstrument in;
  in.token = 12342786;
  in.symbol = "NIFTY";
  in.expiry = sys_days{2025y / November / 11};
  in.strike = strike_rupees(24400);
  in.side = Side::put;
  c.add(in);
  KiteTickMapper mapper(c);
  KitePacket packet;
  packet.instrument_token = 12342786;
  packet.mode = PacketMode::full;
  packet.last_price = 98.75;
  packet.last_quantity = packet.oi = packet.oi_day_high = packet.oi_day_low = 0;
  packet.volume = 6'127'950;
  packet.exchange_timestamp = 1762250400;
  packet.buy[0] = {98.75, 1'650, 12};
  const auto parsed = parse_binary_message(frame_of({encode_packet(packet)}));
  ASSERT_TRUE(parsed.ok());
  std::vector<MarketEvent> out;
  mapper.map(parsed.frame.packets, kReceived, out);
  ASSERT_EQ(out.size(), 1u);
  const auto& t = std::get<OptionTick>(out[0]);
  EXPECT_EQ(t.ts, Timestamp{seconds{1762250400}});
  EXPECT_DOUBLE_EQ(*t.price, 98.75);
  EXPECT_EQ(t.cumulative_volume, 6'127'950);
  EXPECT_EQ(t.oi, 0);
  EXPECT_DOUBLE_EQ(*t.bid, 98.75);
  EXPECT_FALSE(t.ask);  // no offers after the close
}

TEST(KiteTickMapper, RealCaptureWithAnInstrumentForItsToken) {
  STRIKELINE_REQUIRE_KITE_CAPTURES();
  // TATAMOTORS (884737) mapped as if it were an option, to check the whole path on real bytes.
  InstrumentCatalogue c;
  KiteInstrument in;
  in.token = 884737;
  in.symbol = "TATAMOTORS";
  in.expiry = sys_days{2022y / June / 30};
  in.strike = strike_rupees(400);
  in.side = Side::put;
  c.add(in);
  KiteTickMapper mapper(c);
  const auto parsed = parse_binary_message(read_fixture_bytes("fullMode_binary.packet"));
  ASSERT_TRUE(parsed.ok());
  std::vector<MarketEvent> out;
  mapper.map(parsed.frame.packets, kReceived, out);
  ASSERT_EQ(out.size(), 1u);
  const auto& t = std::get<OptionTick>(out[0]);
  EXPECT_EQ(t.ts, Timestamp{seconds{1655378328}});
  EXPECT_DOUBLE_EQ(*t.price, 392.95);
  EXPECT_EQ(t.cumulative_volume, 22261032);
  EXPECT_EQ(t.oi, 0);
  EXPECT_DOUBLE_EQ(*t.bid, 392.95);
  EXPECT_FALSE(t.ask);  // no offers after the close
}

namespace {

KitePacket option_at(std::int64_t exchange_time, std::int32_t paise) {
  FullQuote q;
  q.token = 12170498;
  q.last = paise;
  q.volume = static_cast<std::uint32_t>(paise);  // each packet differs from the one before
  q.oi = 1000;
  q.exchange_time = static_cast<std::uint32_t>(exchange_time);
  return *parse_packet(full_packet(q));
}

}  // namespace

// The live feed's bounds (issue 26): a tick whose exchange time is far from its frame's receipt,
// or whose price no market has, is dropped and counted with its reason; the others pass.
TEST(KiteTickMapper, LiveTicksOutOfBoundsAreDroppedWithTheirReason) {
  const auto c = catalogue();
  KiteTickMapper mapper(c, LiveWindow{});
  const std::int64_t received = duration_cast<seconds>(kReceived.time_since_epoch()).count();
  std::vector<MarketEvent> out;
  const auto map_one = [&](const KitePacket& p) {
    const std::vector<KitePacket> one{p};
    mapper.map(one, kReceived, out);
    return mapper.last_out_of_bounds();
  };
  EXPECT_EQ(map_one(option_at(received - 5, 15240)), "");
  EXPECT_NE(map_one(option_at(received + 3600, 15250)).find("ahead of the server's clock"),
            std::string::npos);
  EXPECT_NE(map_one(option_at(received - 3 * 86400, 15260)).find("before the server's clock"),
            std::string::npos);
  const std::string price = map_one(option_at(received - 3, 1'500'000'000));  // 1.5 crore rupees
  EXPECT_NE(price.find("price"), std::string::npos) << price;
  EXPECT_NE(price.find("12170498"), std::string::npos) << price;
  map_one(option_at(received - 2, 15270));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(std::get<OptionTick>(out[0]).ts, kReceived - 5s);
  EXPECT_EQ(std::get<OptionTick>(out[1]).ts, kReceived - 2s);
  EXPECT_EQ(mapper.stats().out_of_bounds, 3u);
  EXPECT_EQ(mapper.stats().events, 2u);
}

// Without a live window (kite-decode of a capture) old ticks pass, but never one after its
// contract's expiry.
TEST(KiteTickMapper, WithoutAWindowOldTicksPassButNotExpiredContracts) {
  const auto c = catalogue();  // the call expires on 2025-11-11
  KiteTickMapper mapper(c);
  const std::int64_t received = duration_cast<seconds>(kReceived.time_since_epoch()).count();
  std::vector<MarketEvent> out;
  const std::vector<KitePacket> packets{
      option_at(received - 30 * 86400, 15240),  // a month old: history
      option_at(received + 8 * 86400, 15250),   // 2025-11-12: the day after the expiry
  };
  mapper.map(packets, kReceived, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(std::get<OptionTick>(out[0]).ts, kReceived - 30 * 24h);
  EXPECT_EQ(mapper.stats().out_of_bounds, 1u);
  EXPECT_NE(mapper.last_out_of_bounds().find("expir"), std::string::npos)
      << mapper.last_out_of_bounds();
}
