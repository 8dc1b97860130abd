// The frame parser on frames built by the tests' own encoder from the documented layout (every
// mode, index 28/32, option OI, currency divisors), its typed errors on malformed frames, and, when
// the real captures are beside the checkout, on those too (expected values read from their README).
#include "feed/kite/kite_frame.h"

#include <gtest/gtest.h>

#include "kite_fixtures.h"
#include "kite_frame_encoder.h"

using namespace strikeline::kite;
using namespace strikeline::kite::test;

namespace {

constexpr double kPaise = 1e-9;  // prices are exact paise divided by 100

void expect_depth(const std::array<DepthLevel, 5>& depth, const std::string& cell) {
  const auto n = numbers_in(cell);
  ASSERT_EQ(n.size(), 15u) << cell;
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(depth[i].price, n[3 * i], kPaise) << cell << " level " << i;
    EXPECT_EQ(depth[i].quantity, n[3 * i + 1]) << cell << " level " << i;
    EXPECT_EQ(depth[i].orders, n[3 * i + 2]) << cell << " level " << i;
  }
}

double number(const std::string& cell) {
  auto n = numbers_in(cell);
  return n.empty() ? -1 : n[0];
}

// The change the parser derives from last and close: (last - close) / close * 100.
void derive_change(KitePacket& p) {
  if (p.close && *p.close != 0) p.change_percent = (p.last_price - *p.close) / *p.close * 100.0;
}

// A full-mode NFO option packet with every field distinct, so a field read from the wrong offset
// shows: NIFTY 4 Nov 2025 25,000 CE (`call`) or PE.
KitePacket option_full_packet(bool call) {
  KitePacket p;
  p.instrument_token = call ? 12342530u : 12342786u;  // low byte 2: NFO
  p.mode = PacketMode::full;
  p.last_price = call ? 152.40 : 98.75;
  p.last_quantity = call ? 75u : 150u;
  p.average_price = call ? 148.15 : 101.20;
  p.volume = call ? 8'812'500u : 6'127'950u;
  p.buy_quantity = call ? 412'350u : 288'000u;
  p.sell_quantity = call ? 390'075u : 301'125u;
  p.open = call ? 130.00 : 112.00;
  p.high = call ? 168.90 : 115.35;
  p.low = call ? 125.05 : 95.60;
  p.close = call ? 131.10 : 109.80;
  p.last_trade_time = call ? 1762230301u : 1762230299u;
  p.oi = call ? 1'234'500u : 2'097'825u;
  p.oi_day_high = call ? 1'300'050u : 2'150'100u;
  p.oi_day_low = call ? 1'100'025u : 1'987'650u;
  p.exchange_timestamp = call ? 1762230302u : 1762230300u;
  p.has_depth = true;
  const int last_paise = call ? 15240 : 9875;
  for (int i = 0; i < 5; ++i) {  // levels 5 paise apart, from 5 paise either side of the last
    const auto level = static_cast<std::size_t>(i);
    const auto orders = static_cast<std::uint16_t>(2 * i + 1);
    p.buy[level] = {(last_paise - 5 - 5 * i) / 100.0, static_cast<std::uint32_t>(75 * (i + 2)),
                    orders};
    p.sell[level] = {(last_paise + 5 + 5 * i) / 100.0, static_cast<std::uint32_t>(150 * (i + 1)),
                     orders};
  }
  derive_change(p);
  return p;
}

// `full` as the parser gives it in `mode`: the fields that mode does not carry are absent.
KitePacket in_mode(KitePacket p, PacketMode mode) {
  const bool index =
      segment_code(p.instrument_token) == static_cast<std::uint8_t>(Segment::indices);
  p.mode = mode;
  if (mode == PacketMode::ltp) {
    KitePacket ltp;
    ltp.instrument_token = p.instrument_token;
    ltp.mode = PacketMode::ltp;
    ltp.tradable = p.tradable;
    ltp.last_price = p.last_price;
    return ltp;
  }
  if (mode == PacketMode::quote || index) {
    p.last_trade_time = p.oi = p.oi_day_high = p.oi_day_low = std::nullopt;
    p.has_depth = false;
    p.buy = p.sell = {};
    if (mode == PacketMode::quote) p.exchange_timestamp = std::nullopt;
  }
  if (index) {
    p.last_quantity = p.volume = p.buy_quantity = p.sell_quantity = std::nullopt;
    p.average_price = std::nullopt;
  }
  return p;
}

}  // namespace

TEST(KiteFrame, TwoFullOptionPacketsFromTheEncoder) {
  const KitePacket call = option_full_packet(true), put = option_full_packet(false);
  const auto bytes = frame_of({encode_packet(call), encode_packet(put)});
  ASSERT_EQ(bytes.size(), 2u + 2 * (2 + 184));
  const FrameParse parsed = parse_binary_message(bytes);
  ASSERT_TRUE(parsed.ok()) << describe(*parsed.error);
  EXPECT_FALSE(parsed.frame.heartbeat);
  ASSERT_EQ(parsed.frame.packets.size(), 2u);
  // Prices are whole paise, so dividing the integers gives back the very doubles encoded.
  EXPECT_EQ(parsed.frame.packets[0], call);
  EXPECT_EQ(parsed.frame.packets[1], put);
  EXPECT_EQ(parsed.frame.packets[0].oi, 1'234'500u);
  EXPECT_DOUBLE_EQ(parsed.frame.packets[1].sell[4].price, 99.00);
}

TEST(KiteFrame, TheEncoderPutsEachFieldAtItsDocumentedOffset) {
  const auto bytes = encode_packet(option_full_packet(true));
  ASSERT_EQ(bytes.size(), 184u);
  auto u32_at = [&](std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
  };
  auto u16_at = [&](std::size_t at) { return (bytes[at] << 8) | bytes[at + 1]; };
  const std::pair<std::size_t, std::uint32_t> fields[] = {
      {0, 12342530},    {4, 15240},       {8, 75},         {12, 14815},     {16, 8'812'500},
      {20, 412'350},    {24, 390'075},    {28, 13000},     {32, 16890},     {36, 12505},
      {40, 13110},      {44, 1762230301}, {48, 1'234'500}, {52, 1'300'050}, {56, 1'100'025},
      {60, 1762230302}, {64, 150},        {68, 15235},     {124, 150},      {128, 15245},
      {172, 750},       {176, 15265}};
  for (const auto& [at, value] : fields) EXPECT_EQ(u32_at(at), value) << "offset " << at;
  EXPECT_EQ(u16_at(72), 1);  // first bid's orders, then 2 bytes of padding
  EXPECT_EQ(u16_at(74), 0);
  EXPECT_EQ(u16_at(180), 9);  // last offer's orders
}

TEST(KiteFrame, EveryModeAndSegmentRoundTrips) {
  KitePacket index;
  index.instrument_token = 256265;  // NIFTY 50, segment 9
  index.tradable = false;
  index.last_price = 24350.75;
  index.open = 24301.10;
  index.high = 24410.20;
  index.low = 24290.00;
  index.close = 24285.55;
  index.exchange_timestamp = 1762230300;
  derive_change(index);
  KitePacket currency = option_full_packet(true);
  currency.instrument_token = (412675u << 8) | 3u;  // CDS: prices in 10^-7 rupees
  currency.last_price = 83.2525;
  currency.close = 83.1;
  derive_change(currency);
  KitePacket bse_currency = currency;
  bse_currency.instrument_token = (1234u << 8) | 6u;  // BCD: 10^-4 rupees
  for (const KitePacket& full : {option_full_packet(true), index, currency, bse_currency}) {
    for (PacketMode mode : {PacketMode::ltp, PacketMode::quote, PacketMode::full}) {
      const KitePacket expected = in_mode(full, mode);
      SCOPED_TRACE(std::to_string(expected.instrument_token) + " " + std::string(mode_name(mode)));
      const auto packet = parse_packet(encode_packet(expected));
      ASSERT_TRUE(packet);
      EXPECT_EQ(*packet, expected);
    }
  }
}

TEST(KiteFrame, CapturesEncodeBackToTheirOwnBytes) {
  STRIKELINE_REQUIRE_KITE_CAPTURES();
  for (const char* file : {"websocket_ticks.bin", "fullMode_binary.packet",
                           "quoteMode_binary.packet", "ltpMode_binary.packet"}) {
    SCOPED_TRACE(file);
    const auto bytes = read_fixture_bytes(file);
    const FrameParse parsed = parse_binary_message(bytes);
    ASSERT_TRUE(parsed.ok());
    std::vector<std::vector<std::uint8_t>> packets;
    for (const KitePacket& p : parsed.frame.packets) packets.push_back(encode_packet(p));
    EXPECT_EQ(frame_of(packets), bytes);
  }
}

TEST(KiteFrame, FullModeCaptureMatchesThePublishersValues) {
  STRIKELINE_REQUIRE_KITE_CAPTURES();
  const auto table = readme_table("websocket_ticks.bin (values asserted");
  ASSERT_FALSE(table.empty()) << "README table not found in " << fixture_dir();
  const auto bytes = read_fixture_bytes("websocket_ticks.bin");
  ASSERT_EQ(bytes.size(), 374u);
  const FrameParse parsed = parse_binary_message(bytes);
  ASSERT_TRUE(parsed.ok()) << describe(*parsed.error);
  ASSERT_EQ(parsed.frame.packets.size(), 2u);
  EXPECT_FALSE(parsed.frame.heartbeat);
  for (std::size_t i = 0; i < 2; ++i) {
    SCOPED_TRACE("packet " + std::to_string(i + 1));
    const KitePacket& p = parsed.frame.packets[i];
    auto cell = [&](const std::string& row) { return table.at(row).at(i); };
    EXPECT_EQ(p.mode, PacketMode::full);
    EXPECT_EQ(p.instrument_token, number(cell("instrument token")));
    EXPECT_EQ(p.tradable, cell("tradable") == "yes");
    EXPECT_EQ(p.exchange_timestamp, number(cell("exchange timestamp")));
    EXPECT_EQ(p.last_trade_time, number(cell("last trade time")));
    EXPECT_NEAR(p.last_price, number(cell("last price")), kPaise);
    EXPECT_EQ(p.last_quantity, number(cell("last traded quantity")));
    EXPECT_EQ(p.buy_quantity, number(cell("total buy quantity")));
    EXPECT_EQ(p.sell_quantity, number(cell("total sell quantity")));
    EXPECT_EQ(p.volume, number(cell("volume traded today")));
    EXPECT_NEAR(*p.average_price, number(cell("average trade price")), kPaise);
    const auto oi = numbers_in(cell("OI, OI day high, OI day low"));
    ASSERT_EQ(oi.size(), 3u);
    EXPECT_EQ(p.oi, oi[0]);
    EXPECT_EQ(p.oi_day_high, oi[1]);
    EXPECT_EQ(p.oi_day_low, oi[2]);
    const auto ohlc = numbers_in(cell("open, high, low, close"));
    ASSERT_EQ(ohlc.size(), 4u);
    EXPECT_NEAR(*p.open, ohlc[0], kPaise);
    EXPECT_NEAR(*p.high, ohlc[1], kPaise);
    EXPECT_NEAR(*p.low, ohlc[2], kPaise);
    EXPECT_NEAR(*p.close, ohlc[3], kPaise);
    EXPECT_NEAR(*p.change_percent,
                number(cell("net change (%, derived: (last - close) / close * 100)")), 1e-12);
    ASSERT_TRUE(p.has_depth);
    expect_depth(p.buy, cell("buy depth (price, qty, orders)"));
    expect_depth(p.sell, cell("sell depth (price, qty, orders)"));
  }
}

TEST(KiteFrame, KiteconnectjsCapturesInEachMode) {
  STRIKELINE_REQUIRE_KITE_CAPTURES();
  const auto table = readme_table("The kiteconnectjs frames");
  ASSERT_FALSE(table.empty());
  struct Capture {
    const char* file;
    PacketMode mode;
    std::size_t column;
  };
  for (const Capture& c : {Capture{"ltpMode_binary.packet", PacketMode::ltp, 0},
                           Capture{"quoteMode_binary.packet", PacketMode::quote, 1},
                           Capture{"fullMode_binary.packet", PacketMode::full, 2}}) {
    SCOPED_TRACE(c.file);
    auto cell = [&](const std::string& row) { return table.at(row).at(c.column); };
    const FrameParse parsed = parse_binary_message(read_fixture_bytes(c.file));
    ASSERT_TRUE(parsed.ok());
    ASSERT_EQ(parsed.frame.packets.size(), 1u);
    const KitePacket& p = parsed.frame.packets[0];
    EXPECT_EQ(p.instrument_token, 884737u);
    EXPECT_EQ(p.mode, c.mode);
    EXPECT_TRUE(p.tradable);
    EXPECT_NEAR(p.last_price, number(cell("last price")), kPaise);
    if (c.mode == PacketMode::ltp) {
      EXPECT_EQ(cell("last traded quantity"), "-");
      EXPECT_FALSE(p.last_quantity);
      EXPECT_FALSE(p.volume);
      EXPECT_FALSE(p.close);
      EXPECT_FALSE(p.has_depth);
      continue;
    }
    EXPECT_EQ(p.last_quantity, number(cell("last traded quantity")));
    EXPECT_NEAR(*p.average_price, number(cell("average trade price")), kPaise);
    if (c.mode == PacketMode::quote) {
      // The README gives 22260008 here, but the capture's bytes 16..20 are 0x0153AD28 = 22261032,
      // the full-mode value (the two captures hold the same quote; every other field agrees). The
      // README cell is a transcription slip (one bit, 1024, apart); the bytes are the truth.
      EXPECT_EQ(number(cell("volume traded today")), 22260008);
      EXPECT_EQ(p.volume, 22261032u);
    } else {
      EXPECT_EQ(p.volume, number(cell("volume traded today")));
    }
    const auto bs = numbers_in(cell("total buy / sell quantity"));
    ASSERT_EQ(bs.size(), 2u);
    EXPECT_EQ(p.buy_quantity, bs[0]);
    EXPECT_EQ(p.sell_quantity, bs[1]);
    const auto ohlc = numbers_in(cell("open, high, low, close"));
    ASSERT_EQ(ohlc.size(), 4u);
    EXPECT_NEAR(*p.open, ohlc[0], kPaise);
    EXPECT_NEAR(*p.high, ohlc[1], kPaise);
    EXPECT_NEAR(*p.low, ohlc[2], kPaise);
    EXPECT_NEAR(*p.close, ohlc[3], kPaise);
    if (c.mode == PacketMode::quote) {
      EXPECT_FALSE(p.exchange_timestamp);
      EXPECT_FALSE(p.last_trade_time);
      EXPECT_FALSE(p.oi);
      EXPECT_FALSE(p.has_depth);
      continue;
    }
    const auto times = numbers_in(cell("last trade time / exchange timestamp"));
    ASSERT_EQ(times.size(), 2u);
    EXPECT_EQ(p.last_trade_time, times[0]);
    EXPECT_EQ(p.exchange_timestamp, times[1]);
    const auto oi = numbers_in(cell("OI, OI day high, OI day low"));
    ASSERT_EQ(oi.size(), 3u);
    EXPECT_EQ(p.oi, oi[0]);
    EXPECT_EQ(p.oi_day_high, oi[1]);
    EXPECT_EQ(p.oi_day_low, oi[2]);
    // "buy[0] = (392.95, 5617, 30); all other levels zero"
    const auto depth = numbers_in(cell("depth"));
    ASSERT_GE(depth.size(), 3u);
    ASSERT_TRUE(p.has_depth);
    EXPECT_NEAR(p.buy[0].price, depth[depth.size() - 3], kPaise);
    EXPECT_EQ(p.buy[0].quantity, depth[depth.size() - 2]);
    EXPECT_EQ(p.buy[0].orders, depth[depth.size() - 1]);
    for (std::size_t i = 1; i < 5; ++i) EXPECT_EQ(p.buy[i], DepthLevel{});
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(p.sell[i], DepthLevel{});
  }
}

TEST(KiteFrame, OptionFullPacketWithOpenInterest) {
  // NFO option (segment 2): OI 1,234,500, OI day range 1,100,025..1,300,050.
  FullQuote q;
  q.token = (48213u << 8) | 2u;
  q.last = 15240;  // 152.40
  q.average = 14815;
  q.last_quantity = 75;
  q.volume = 8'812'500;
  q.buy_quantity = 412'350;
  q.sell_quantity = 390'075;
  q.open = 13000;
  q.high = 16890;
  q.low = 12505;
  q.close = 13110;
  q.last_trade_time = 1762230301;
  q.oi = 1'234'500;
  q.oi_high = 1'300'050;
  q.oi_low = 1'100'025;
  q.exchange_time = 1762230302;
  q.bid = 15235;
  q.ask = 15245;
  q.bid_quantity = 750;
  q.ask_quantity = 1500;
  const auto parsed = parse_binary_message(frame_of({full_packet(q)}));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed.frame.packets.size(), 1u);
  const KitePacket& p = parsed.frame.packets[0];
  EXPECT_TRUE(p.tradable);
  EXPECT_DOUBLE_EQ(p.last_price, 152.40);
  EXPECT_EQ(p.oi, 1'234'500u);
  EXPECT_EQ(p.oi_day_high, 1'300'050u);
  EXPECT_EQ(p.oi_day_low, 1'100'025u);
  EXPECT_EQ(p.volume, 8'812'500u);
  EXPECT_EQ(p.exchange_timestamp, 1762230302u);
  EXPECT_DOUBLE_EQ(p.buy[0].price, 152.35);
  EXPECT_DOUBLE_EQ(p.buy[4].price, 152.15);
  EXPECT_DOUBLE_EQ(p.sell[0].price, 152.45);
  EXPECT_EQ(p.sell[0].quantity, 1500u);
  EXPECT_EQ(p.sell[4].orders, 5u);
  EXPECT_NEAR(*p.change_percent, (152.40 - 131.10) / 131.10 * 100, 1e-12);
}

TEST(KiteFrame, IndexQuoteAndFullPackets) {
  // NIFTY 50 (token 256265, segment 9): ltp, high, low, open, close, net change[, timestamp].
  PacketBuilder quote;
  quote.u32(256265).i32(2435075).i32(2441020).i32(2429000).i32(2430110).i32(2428555).i32(6520);
  PacketBuilder full = quote;
  full.u32(1762230300);
  const auto parsed = parse_binary_message(frame_of({quote.bytes(), full.bytes()}));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed.frame.packets.size(), 2u);
  for (const KitePacket& p : parsed.frame.packets) {
    EXPECT_EQ(p.instrument_token, 256265u);
    EXPECT_FALSE(p.tradable);
    EXPECT_DOUBLE_EQ(p.last_price, 24350.75);
    EXPECT_DOUBLE_EQ(*p.high, 24410.20);
    EXPECT_DOUBLE_EQ(*p.low, 24290.00);
    EXPECT_DOUBLE_EQ(*p.open, 24301.10);
    EXPECT_DOUBLE_EQ(*p.close, 24285.55);
    EXPECT_NEAR(*p.change_percent, (24350.75 - 24285.55) / 24285.55 * 100, 1e-12);
    EXPECT_FALSE(p.volume);
    EXPECT_FALSE(p.has_depth);
  }
  EXPECT_EQ(parsed.frame.packets[0].mode, PacketMode::quote);
  EXPECT_FALSE(parsed.frame.packets[0].exchange_timestamp);
  EXPECT_EQ(parsed.frame.packets[1].mode, PacketMode::full);
  EXPECT_EQ(parsed.frame.packets[1].exchange_timestamp, 1762230300u);
}

TEST(KiteFrame, NegativeIndexChangeAndPrices) {
  PacketBuilder quote;
  quote.u32(260105).i32(-150).i32(100).i32(-200).i32(50).i32(100).i32(-36);
  const auto parsed = parse_binary_message(frame_of({quote.bytes()}));
  ASSERT_TRUE(parsed.ok());
  EXPECT_DOUBLE_EQ(parsed.frame.packets[0].last_price, -1.50);
  EXPECT_DOUBLE_EQ(*parsed.frame.packets[0].low, -2.00);
}

TEST(KiteFrame, PriceDivisorsBySegment) {
  EXPECT_EQ(price_divisor((1u << 8) | 1u), 100.0);  // NSE
  EXPECT_EQ(price_divisor((1u << 8) | 2u), 100.0);  // NFO
  EXPECT_EQ(price_divisor((1u << 8) | 3u), 1e7);    // CDS
  EXPECT_EQ(price_divisor((1u << 8) | 5u), 100.0);  // BFO
  EXPECT_EQ(price_divisor((1u << 8) | 6u), 1e4);    // BCD
  EXPECT_EQ(price_divisor((1u << 8) | 9u), 100.0);  // indices
  // USDINR future on CDS at 83.2525: 832,525,000 / 10^7; depth prices too.
  FullQuote q;
  q.token = (412675u << 8) | 3u;
  q.last = 832'525'000;
  q.close = 831'000'000;
  q.bid = 832'500'000;
  q.ask = 832'550'000;
  q.bid_quantity = q.ask_quantity = 10;
  const auto cds = parse_binary_message(frame_of({full_packet(q)}));
  ASSERT_TRUE(cds.ok());
  EXPECT_DOUBLE_EQ(cds.frame.packets[0].last_price, 83.2525);
  EXPECT_DOUBLE_EQ(*cds.frame.packets[0].close, 83.1);
  EXPECT_DOUBLE_EQ(cds.frame.packets[0].buy[0].price, 83.25);
  EXPECT_DOUBLE_EQ(cds.frame.packets[0].sell[0].price, 83.255);
  // The same on BCD (segment 6): 832,525 / 10^4.
  PacketBuilder ltp;
  ltp.u32((1234u << 8) | 6u).i32(832'525);
  const auto bcd = parse_binary_message(frame_of({ltp.bytes()}));
  ASSERT_TRUE(bcd.ok());
  EXPECT_DOUBLE_EQ(bcd.frame.packets[0].last_price, 83.2525);
}

TEST(KiteFrame, HeartbeatIsOneByte) {
  const std::uint8_t beat[] = {0};
  const auto parsed = parse_binary_message(beat);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed.frame.heartbeat);
  EXPECT_TRUE(parsed.frame.packets.empty());
}

TEST(KiteFrame, MalformedFramesAreTypedErrors) {
  auto error_of = [](std::vector<std::uint8_t> bytes) {
    const auto parsed = parse_binary_message(bytes);
    EXPECT_TRUE(parsed.frame.packets.empty());
    return parsed.error;
  };
  EXPECT_EQ(error_of({}), FrameError::empty);
  const KitePacket full_packet = option_full_packet(true);
  // Two packets declared, one present.
  auto full = frame_of({encode_packet(full_packet)});
  full[1] = 2;
  EXPECT_EQ(error_of(full), FrameError::truncated_header);
  // Packet length beyond the end.
  auto cut = frame_of({encode_packet(in_mode(full_packet, PacketMode::quote))});
  cut.pop_back();
  EXPECT_EQ(error_of(cut), FrameError::truncated_packet);
  // A length byte alone.
  EXPECT_EQ(error_of({0, 1, 0}), FrameError::truncated_header);
  // Extra bytes after the packets.
  auto extra = frame_of({encode_packet(in_mode(full_packet, PacketMode::ltp))});
  extra.push_back(7);
  EXPECT_EQ(error_of(extra), FrameError::trailing_bytes);
  // Zero packets and nothing else is a valid (empty) frame.
  const auto none = parse_binary_message(std::vector<std::uint8_t>{0, 0});
  EXPECT_TRUE(none.ok());
  EXPECT_TRUE(none.frame.packets.empty());
}

TEST(KiteFrame, PacketsOfUndefinedLengthAreSkippedAndCounted) {
  PacketBuilder odd;
  odd.u32(884737).u32(39295).u16(1);  // 10 bytes: no such packet
  PacketBuilder ltp;
  ltp.u32(884737).i32(39295);
  const auto parsed = parse_binary_message(frame_of({odd.bytes(), ltp.bytes(), {}}));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.frame.unknown_packets, 2u);
  ASSERT_EQ(parsed.frame.packets.size(), 1u);
  EXPECT_DOUBLE_EQ(parsed.frame.packets[0].last_price, 392.95);
}

TEST(KiteFrame, EveryTruncationOfAFrameIsRefusedWithoutReadingPastIt) {
  const auto bytes =
      frame_of({encode_packet(option_full_packet(true)), encode_packet(option_full_packet(false))});
  for (std::size_t n = 2; n < bytes.size(); ++n) {
    // A copy of exactly n bytes, so AddressSanitizer sees any read past it.
    std::vector<std::uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<long>(n));
    const auto parsed = parse_binary_message(prefix);
    EXPECT_FALSE(parsed.ok()) << n;
  }
}
