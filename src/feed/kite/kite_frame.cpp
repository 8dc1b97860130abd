#include "feed/kite/kite_frame.h"

#include <utility>

namespace strikeline::kite {

namespace {

// Big-endian readers; callers have checked the bounds.
std::uint16_t u16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t u32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}
// Prices are signed (index net change, and some commodity prices, go negative).
std::int32_t i32(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::int32_t>(u32(b, at));
}

constexpr std::size_t kLtpLength = 8;
constexpr std::size_t kIndexQuoteLength = 28;
constexpr std::size_t kIndexFullLength = 32;
constexpr std::size_t kQuoteLength = 44;
constexpr std::size_t kFullLength = 184;
constexpr std::size_t kDepthOffset = 64;
constexpr std::size_t kDepthEntry = 12;

void set_change(KitePacket& p) {
  if (p.close && *p.close != 0) p.change_percent = (p.last_price - *p.close) / *p.close * 100.0;
}

}  // namespace

double price_divisor(std::uint32_t instrument_token) {
  switch (segment_code(instrument_token)) {
    case static_cast<std::uint8_t>(Segment::cds):
      return 10'000'000.0;
    case static_cast<std::uint8_t>(Segment::bcd):
      return 10'000.0;
    default:
      return 100.0;
  }
}

std::string_view mode_name(PacketMode mode) {
  switch (mode) {
    case PacketMode::ltp:
      return "ltp";
    case PacketMode::quote:
      return "quote";
    case PacketMode::full:
      return "full";
  }
  return "ltp";
}

std::string_view describe(FrameError error) {
  switch (error) {
    case FrameError::empty:
      return "empty message";
    case FrameError::truncated_header:
      return "packet length cut off by the end of the message";
    case FrameError::truncated_packet:
      return "packet longer than the rest of the message";
    case FrameError::trailing_bytes:
      return "bytes after the declared packets";
  }
  return "malformed frame";
}

std::optional<KitePacket> parse_packet(std::span<const std::uint8_t> b) {
  const std::size_t n = b.size();
  if (n != kLtpLength && n != kIndexQuoteLength && n != kIndexFullLength && n != kQuoteLength &&
      n != kFullLength) {
    return std::nullopt;
  }
  KitePacket p;
  p.instrument_token = u32(b, 0);
  p.tradable = segment_code(p.instrument_token) != static_cast<std::uint8_t>(Segment::indices);
  const double divisor = price_divisor(p.instrument_token);
  auto price = [&](std::size_t at) { return i32(b, at) / divisor; };
  p.last_price = price(4);
  if (n == kLtpLength) {
    p.mode = PacketMode::ltp;
    return p;
  }
  if (n == kIndexQuoteLength || n == kIndexFullLength) {
    // Index: high, low, open, close, then the net change (recomputed below) and, in full mode,
    // the exchange timestamp.
    p.mode = n == kIndexFullLength ? PacketMode::full : PacketMode::quote;
    p.high = price(8);
    p.low = price(12);
    p.open = price(16);
    p.close = price(20);
    set_change(p);
    if (n == kIndexFullLength) p.exchange_timestamp = u32(b, 28);
    return p;
  }
  p.mode = n == kFullLength ? PacketMode::full : PacketMode::quote;
  p.last_quantity = u32(b, 8);
  p.average_price = price(12);
  p.volume = u32(b, 16);
  p.buy_quantity = u32(b, 20);
  p.sell_quantity = u32(b, 24);
  p.open = price(28);
  p.high = price(32);
  p.low = price(36);
  p.close = price(40);
  set_change(p);
  if (n == kFullLength) {
    p.last_trade_time = u32(b, 44);
    p.oi = u32(b, 48);
    p.oi_day_high = u32(b, 52);
    p.oi_day_low = u32(b, 56);
    p.exchange_timestamp = u32(b, 60);
    p.has_depth = true;
    for (std::size_t level = 0; level < 10; ++level) {
      const std::size_t at = kDepthOffset + level * kDepthEntry;
      DepthLevel& d = level < 5 ? p.buy[level] : p.sell[level - 5];
      d.quantity = u32(b, at);
      d.price = price(at + 4);
      d.orders = u16(b, at + 8);
    }
  }
  return p;
}

FrameParse parse_binary_message(std::span<const std::uint8_t> bytes) {
  FrameParse result;
  if (bytes.empty()) {
    result.error = FrameError::empty;
    return result;
  }
  if (bytes.size() == 1) {
    result.frame.heartbeat = true;
    return result;
  }
  // A malformed frame is discarded whole: no packet of it is delivered.
  auto fail = [&result](FrameError error, std::size_t offset) {
    result.error = error;
    result.error_offset = offset;
    result.frame.packets.clear();
    result.frame.unknown_packets = 0;
    return std::move(result);
  };
  const std::size_t count = u16(bytes, 0);
  std::size_t at = 2;
  result.frame.packets.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (bytes.size() - at < 2) {
      return fail(FrameError::truncated_header, at);
    }
    const std::size_t length = u16(bytes, at);
    at += 2;
    if (bytes.size() - at < length) {
      return fail(FrameError::truncated_packet, at);
    }
    if (auto packet = parse_packet(bytes.subspan(at, length))) {
      result.frame.packets.push_back(*packet);
    } else {
      ++result.frame.unknown_packets;
    }
    at += length;
  }
  if (at != bytes.size()) return fail(FrameError::trailing_bytes, at);
  return result;
}

}  // namespace strikeline::kite
