// An encoder of Kite Connect ticker binary messages, written for the tests from the published
// protocol (https://kite.trade/docs/connect/v3/websocket/), independently of the parser it checks:
//   message = int16 packet count, then per packet an int16 length and the packet's bytes; every
//   integer big-endian; a 1-byte message is a heartbeat;
//   ltp (8 bytes):          token, last price;
//   index quote (28):       token, last, high, low, open, close, change (last - close);
//   index full (32):        index quote + exchange timestamp;
//   quote (44):             token, last, last quantity, average price, volume today, total buy
//                           quantity, total sell quantity, open, high, low, close;
//   full (184):             quote + last trade time, OI, OI day high, OI day low, exchange
//                           timestamp, then 5 bid and 5 offer levels of (int32 quantity, int32
//                           price, int16 orders, 2 bytes of padding);
//   prices are integers: paise (x100), except currency derivatives (CDS, segment 3: x10^7) and BSE
//   currency (BCD, segment 6: x10^4); a token's low byte is its segment, 9 = indices.
// So the tests build every frame they need; the real captures in ../shared/fixtures/kite are an
// extra check that runs when they are present (kite_fixtures.h).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "feed/kite/kite_frame.h"

namespace strikeline::kite::test {

// Big-endian bytes of a packet, field by field.
class PacketBuilder {
 public:
  PacketBuilder& u32(std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) bytes_.push_back(static_cast<std::uint8_t>(v >> s));
    return *this;
  }
  PacketBuilder& i32(std::int32_t v) { return u32(static_cast<std::uint32_t>(v)); }
  PacketBuilder& u16(std::uint16_t v) {
    bytes_.push_back(static_cast<std::uint8_t>(v >> 8));
    bytes_.push_back(static_cast<std::uint8_t>(v));
    return *this;
  }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

// A binary message of these packets.
inline std::vector<std::uint8_t> frame_of(const std::vector<std::vector<std::uint8_t>>& packets) {
  std::vector<std::uint8_t> out =
      PacketBuilder().u16(static_cast<std::uint16_t>(packets.size())).bytes();
  for (const auto& p : packets) {
    const auto length = PacketBuilder().u16(static_cast<std::uint16_t>(p.size())).bytes();
    out.insert(out.end(), length.begin(), length.end());
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

// Integer units of a price of instrument `token`'s segment.
inline double price_multiplier(std::uint32_t token) {
  switch (token & 0xFFu) {
    case 3:  // CDS
      return 1e7;
    case 6:  // BCD
      return 1e4;
    default:
      return 100.0;
  }
}

// The bytes of packet `p` in its mode (an index token in quote or full mode takes the 28/32-byte
// index layouts). Fields the mode lacks are not read; absent optional fields encode as 0.
inline std::vector<std::uint8_t> encode_packet(const KitePacket& p) {
  const double m = price_multiplier(p.instrument_token);
  auto price = [m](double rupees) { return static_cast<std::int32_t>(std::llround(rupees * m)); };
  PacketBuilder b;
  b.u32(p.instrument_token).i32(price(p.last_price));
  if (p.mode == PacketMode::ltp) return b.bytes();
  const double close = p.close.value_or(0);
  if ((p.instrument_token & 0xFFu) == 9) {
    b.i32(price(p.high.value_or(0))).i32(price(p.low.value_or(0)));
    b.i32(price(p.open.value_or(0))).i32(price(close)).i32(price(p.last_price - close));
    if (p.mode == PacketMode::full) b.u32(p.exchange_timestamp.value_or(0));
    return b.bytes();
  }
  b.u32(p.last_quantity.value_or(0)).i32(price(p.average_price.value_or(0)));
  b.u32(p.volume.value_or(0)).u32(p.buy_quantity.value_or(0)).u32(p.sell_quantity.value_or(0));
  b.i32(price(p.open.value_or(0))).i32(price(p.high.value_or(0)));
  b.i32(price(p.low.value_or(0))).i32(price(close));
  if (p.mode == PacketMode::quote) return b.bytes();
  b.u32(p.last_trade_time.value_or(0)).u32(p.oi.value_or(0)).u32(p.oi_day_high.value_or(0));
  b.u32(p.oi_day_low.value_or(0)).u32(p.exchange_timestamp.value_or(0));
  for (const auto* side : {&p.buy, &p.sell}) {
    for (const DepthLevel& level : *side) {
      b.u32(level.quantity).i32(price(level.price)).u16(level.orders).u16(0);
    }
  }
  return b.bytes();
}

// A quote given in the wire's integer units, for tests that state exact integers.
struct FullQuote {
  std::uint32_t token = 0;
  std::int32_t last = 0, average = 0, open = 0, high = 0, low = 0, close = 0;  // raw integers
  std::uint32_t last_quantity = 0, volume = 0, buy_quantity = 0, sell_quantity = 0;
  std::uint32_t last_trade_time = 0, oi = 0, oi_high = 0, oi_low = 0, exchange_time = 0;
  std::int32_t bid = 0, ask = 0;  // best levels; deeper levels step by 5
  std::uint32_t bid_quantity = 0, ask_quantity = 0;
};

// A 184-byte full packet of `q` (full = false: the 44-byte quote).
inline std::vector<std::uint8_t> full_packet(const FullQuote& q, bool full = true) {
  const double m = price_multiplier(q.token);
  auto rupees = [m](std::int32_t raw) { return raw / m; };
  KitePacket p;
  p.instrument_token = q.token;
  p.mode = full ? PacketMode::full : PacketMode::quote;
  p.last_price = rupees(q.last);
  p.last_quantity = q.last_quantity;
  p.average_price = rupees(q.average);
  p.volume = q.volume;
  p.buy_quantity = q.buy_quantity;
  p.sell_quantity = q.sell_quantity;
  p.open = rupees(q.open);
  p.high = rupees(q.high);
  p.low = rupees(q.low);
  p.close = rupees(q.close);
  p.last_trade_time = q.last_trade_time;
  p.oi = q.oi;
  p.oi_day_high = q.oi_high;
  p.oi_day_low = q.oi_low;
  p.exchange_timestamp = q.exchange_time;
  for (std::size_t level = 0; level < 5; ++level) {
    const auto step = 5 * static_cast<std::int32_t>(level);
    const auto orders = static_cast<std::uint16_t>(level + 1);
    p.buy[level] = {rupees(q.bid - step), q.bid_quantity, orders};
    p.sell[level] = {rupees(q.ask + step), q.ask_quantity, orders};
  }
  return encode_packet(p);
}

}  // namespace strikeline::kite::test
